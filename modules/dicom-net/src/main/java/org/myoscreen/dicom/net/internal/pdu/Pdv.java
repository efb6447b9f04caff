package org.myoscreen.dicom.net.internal.pdu;

/**
 * One Presentation Data Value item of a P-DATA-TF (PS3.8 9.3.5.1, Annex E.2). The value is a
 * window {@code [offset, offset+length)} over {@code buffer}; the reader reuses that buffer, so a
 * received PDV is valid only until the next PDU is read.
 *
 * @param messageControlHeader bit 0: 1 command, 0 data; bit 1: 1 last fragment
 */
public record Pdv(int presentationContextId, int messageControlHeader, byte[] buffer, int offset, int length) {

    public static Pdv of(int presentationContextId, boolean command, boolean last, byte[] value) {
        return new Pdv(presentationContextId, (command ? 1 : 0) | (last ? 2 : 0), value, 0, value.length);
    }

    public boolean command() {
        return (messageControlHeader & 1) != 0;
    }

    public boolean last() {
        return (messageControlHeader & 2) != 0;
    }

    /** A copy of the value bytes. */
    public byte[] value() {
        return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pdv p
                && p.presentationContextId == presentationContextId
                && p.messageControlHeader == messageControlHeader
                && java.util.Arrays.equals(buffer, offset, offset + length, p.buffer, p.offset, p.offset + p.length);
    }

    @Override
    public int hashCode() {
        return presentationContextId * 31 + messageControlHeader;
    }

    @Override
    public String toString() {
        return "Pdv[pcid=" + presentationContextId + ", command=" + command() + ", last=" + last() + ", length="
                + length + "]";
    }
}
