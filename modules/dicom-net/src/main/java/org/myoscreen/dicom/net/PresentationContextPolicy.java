package org.myoscreen.dicom.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;

/**
 * What an acceptor agrees to (PS3.8 7.1.1.13): for each abstract syntax (SOP class UID) the
 * acceptable transfer syntax UIDs in the acceptor's order of preference. A proposed context whose
 * abstract syntax is absent is rejected with reason 3, one with no acceptable transfer syntax with
 * reason 4. Immutable.
 */
public record PresentationContextPolicy(Map<String, List<String>> acceptable) {
    /** Implicit VR Little Endian transfer syntax UID. */
    public static final String IMPLICIT_VR_LITTLE_ENDIAN = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    /** Explicit VR Little Endian transfer syntax UID. */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    /** Verification SOP Class UID. */
    public static final String VERIFICATION = Uids.VERIFICATION;
    /** MR Image Storage SOP Class UID. */
    public static final String MR_IMAGE_STORAGE = Uids.MR_IMAGE_STORAGE;
    /** Enhanced MR Image Storage SOP Class UID. */
    public static final String ENHANCED_MR_IMAGE_STORAGE = Uids.ENHANCED_MR_IMAGE_STORAGE;

    public PresentationContextPolicy {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        acceptable.forEach((k, v) -> {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("no transfer syntax for abstract syntax " + k);
            }
            copy.put(k, List.copyOf(v));
        });
        acceptable = Collections.unmodifiableMap(copy);
    }

    /**
     * The node's default: Verification, MR Image Storage and Enhanced MR Image Storage, each in
     * Explicit VR Little Endian (preferred) or Implicit VR Little Endian.
     *
     * @return the policy
     */
    public static PresentationContextPolicy mrStorage() {
        return empty().with(VERIFICATION, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN)
                .with(MR_IMAGE_STORAGE, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN)
                .with(ENHANCED_MR_IMAGE_STORAGE, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN);
    }

    /** @return a policy that accepts nothing; extend it with {@link #with} */
    public static PresentationContextPolicy empty() {
        return new PresentationContextPolicy(Map.of());
    }

    /**
     * @param abstractSyntax SOP class UID
     * @param transferSyntaxes acceptable transfer syntax UIDs, preferred first
     * @return a copy that also accepts {@code abstractSyntax} with these transfer syntaxes
     */
    public PresentationContextPolicy with(String abstractSyntax, String... transferSyntaxes) {
        Map<String, List<String>> copy = new LinkedHashMap<>(acceptable);
        copy.put(abstractSyntax, List.of(transferSyntaxes));
        return new PresentationContextPolicy(copy);
    }

    /**
     * @param abstractSyntax SOP class UID
     * @return acceptable transfer syntaxes, preferred first; empty when the abstract syntax is not supported
     */
    public Optional<List<String>> transferSyntaxesFor(String abstractSyntax) {
        return Optional.ofNullable(acceptable.get(abstractSyntax));
    }
}
