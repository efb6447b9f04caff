package org.myoscreen.dicom.net.internal.pdu;

import java.util.Objects;

/**
 * Presentation Context Item of an A-ASSOCIATE-AC (PS3.8 9.3.3.2). {@code result} is the
 * result/reason byte: 0 acceptance, 1 user-rejection, 2 no-reason (provider rejection),
 * 3 abstract-syntax-not-supported, 4 transfer-syntaxes-not-supported. {@code transferSyntax} is
 * the accepted transfer syntax, or "" when the context was not accepted and the peer sent none.
 */
public record PresentationContextAc(int id, int result, String transferSyntax) {
    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContextAc {
        Objects.requireNonNull(transferSyntax, "transferSyntax is null");
        if (id < 0 || id > 255 || result < 0 || result > 255) {
            throw new IllegalArgumentException("presentation context id or result out of range: " + id + "/" + result);
        }
    }

    public boolean accepted() {
        return result == ACCEPTANCE;
    }
}
