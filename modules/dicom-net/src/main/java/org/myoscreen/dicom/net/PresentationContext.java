package org.myoscreen.dicom.net;

import java.util.List;
import java.util.Objects;

/**
 * A presentation context a requestor proposes: one abstract syntax and the transfer syntaxes it
 * can send, preferred first (PS3.8 7.1.1.13). Immutable.
 */
public record PresentationContext(String abstractSyntax, List<String> transferSyntaxes) {
    public PresentationContext {
        Objects.requireNonNull(abstractSyntax, "abstractSyntax is null");
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (transferSyntaxes.isEmpty()) {
            throw new IllegalArgumentException("no transfer syntax proposed for " + abstractSyntax);
        }
    }

    /**
     * @param abstractSyntax SOP class UID
     * @return a proposal of Explicit VR Little Endian first, then Implicit VR Little Endian
     */
    public static PresentationContext uncompressed(String abstractSyntax) {
        return new PresentationContext(
                abstractSyntax,
                List.of(
                        PresentationContextPolicy.EXPLICIT_VR_LITTLE_ENDIAN,
                        PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN));
    }
}
