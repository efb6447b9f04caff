package org.myoscreen.dicom.net.internal.pdu;

import java.util.List;
import java.util.Objects;

/**
 * Presentation Context Item of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): an odd id 1..255, one abstract
 * syntax and one or more transfer syntaxes, in the proposer's order of preference.
 */
public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
    public PresentationContextRq {
        Objects.requireNonNull(abstractSyntax, "abstractSyntax is null");
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("presentation context id out of range: " + id);
        }
    }
}
