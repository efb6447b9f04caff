package org.myoscreen.dicom.net.internal.dimse;

import java.io.IOException;
import java.io.OutputStream;
import org.myoscreen.dicom.net.internal.ul.UpperLayer;

/**
 * Fragments one DIMSE command or dataset into P-DATA-TF PDUs of one PDV each, never longer than
 * the peer's maximum length (PS3.8 9.3.5, Annex E). {@link #close()} sends the final fragment with
 * the last-fragment bit set (possibly empty, which PS3.8 allows). One PDU buffer is reused, so a
 * fragment is sent with a single write and no per-fragment allocation.
 *
 * <p>Not thread-safe.
 */
public final class PDataOutputStream extends OutputStream {
    private static final int HEADER = 6 + 4 + 2; // PDU header + PDV item length, pcid, control header

    private final UpperLayer ul;
    private final int presentationContextId;
    private final boolean command;
    private final byte[] pdu;
    private int pos = HEADER;
    private boolean closed;

    /** @param peerMaxPduLength the PDU variable-field length the peer accepts (bytes), already bounded */
    public PDataOutputStream(UpperLayer ul, int presentationContextId, boolean command, int peerMaxPduLength) {
        this(ul, presentationContextId, command, peerMaxPduLength, Integer.MAX_VALUE);
    }

    /**
     * @param expectedLength how many bytes will be written at most, so that a small command does
     *     not allocate a buffer of the peer's full PDU length
     */
    public PDataOutputStream(
            UpperLayer ul, int presentationContextId, boolean command, int peerMaxPduLength, int expectedLength) {
        this.ul = ul;
        this.presentationContextId = presentationContextId;
        this.command = command;
        this.pdu = new byte[6 + (int) Math.min(peerMaxPduLength, 6L + expectedLength)];
    }

    @Override
    public void write(int b) throws IOException {
        if (pos == pdu.length) {
            send(false);
        }
        pdu[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == pdu.length) {
                send(false);
            }
            int n = Math.min(len, pdu.length - pos);
            System.arraycopy(b, off, pdu, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Sends the final fragment. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            send(true);
        }
    }

    private void send(boolean last) throws IOException {
        if (closed && !last) {
            throw new IOException("stream closed");
        }
        int valueLength = pos - HEADER;
        int pduLength = 4 + 2 + valueLength;
        pdu[0] = 0x04;
        pdu[1] = 0;
        putInt(2, pduLength);
        putInt(6, 2 + valueLength);
        pdu[10] = (byte) presentationContextId;
        pdu[11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
        try {
            ul.sendPData(pdu, pos);
        } catch (RuntimeException e) {
            throw new IOException("P-DATA not sent: " + e.getMessage(), e);
        }
        pos = HEADER;
    }

    private void putInt(int at, int v) {
        pdu[at] = (byte) (v >>> 24);
        pdu[at + 1] = (byte) (v >>> 16);
        pdu[at + 2] = (byte) (v >>> 8);
        pdu[at + 3] = (byte) v;
    }
}
