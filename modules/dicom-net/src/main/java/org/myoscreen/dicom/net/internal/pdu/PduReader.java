package org.myoscreen.dicom.net.internal.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads whole PDUs from a blocking stream. One reusable body buffer per association: P-DATA-TF
 * PDVs returned by {@link #read()} point into it and stay valid only until the next call, which
 * keeps the receive path free of per-PDU allocation.
 *
 * <p>Not thread-safe: one reader thread per association owns it.
 */
public final class PduReader {
    /** Upper bound for association PDUs (RQ/AC), which carry no bulk data. */
    public static final int MAX_ASSOCIATE_PDU_LENGTH = 1 << 20;

    private final InputStream in;
    private final int maxPDataLength;
    private final byte[] header = new byte[6];
    private byte[] body;
    private boolean framingLost;

    /**
     * @param maxPDataLength the maximum P-DATA-TF variable-field length we announced (bytes);
     *     a longer P-DATA-TF is a protocol error
     */
    public PduReader(InputStream in, int maxPDataLength) {
        this.in = in;
        this.maxPDataLength = maxPDataLength;
        this.body = new byte[Math.min(maxPDataLength, 64 * 1024)];
    }

    /**
     * Blocks for the next PDU.
     *
     * @throws EOFException the peer closed the connection at a PDU boundary
     * @throws PduDecodeException malformed, unknown or over-long PDU; also a connection closed
     *     in the middle of a PDU. The stream's framing is then lost: later calls discard input
     *     until the connection closes and throw {@link EOFException}
     */
    public Pdu read() throws IOException {
        if (framingLost) {
            // after an invalid PDU no later byte can be trusted to start a PDU: discard until the
            // peer closes (or ARTIM closes for us) instead of answering garbage PDU by PDU
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // discard
            }
            throw new EOFException("connection closed after an invalid PDU");
        }
        try {
            return readPdu();
        } catch (PduDecodeException e) {
            framingLost = true;
            throw e;
        }
    }

    private Pdu readPdu() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        header[0] = (byte) first;
        readFully(header, 1, 5, 1);
        int type = header[0] & 0xFF;
        long length = ((long) (header[2] & 0xFF) << 24)
                | ((header[3] & 0xFF) << 16)
                | ((header[4] & 0xFF) << 8)
                | (header[5] & 0xFF);
        long limit = switch (type) {
            case PduType.P_DATA_TF -> maxPDataLength;
            case PduType.A_ASSOCIATE_RQ, PduType.A_ASSOCIATE_AC -> MAX_ASSOCIATE_PDU_LENGTH;
            case PduType.A_ASSOCIATE_RJ, PduType.A_RELEASE_RQ, PduType.A_RELEASE_RP, PduType.A_ABORT -> 4;
            default ->
                throw new PduDecodeException(
                        "unrecognized PDU type 0x" + Integer.toHexString(type), AAbort.REASON_UNRECOGNIZED_PDU, 0);
        };
        if (length > limit) {
            throw new PduDecodeException(
                    "PDU type 0x" + Integer.toHexString(type) + " length " + length + " exceeds maximum " + limit,
                    AAbort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    2);
        }
        int n = (int) length;
        if (body.length < n) {
            body = new byte[Math.max(n, Math.min(maxPDataLength, body.length * 2))];
        }
        readFully(body, 0, n, 6);
        return PduDecoder.decode(type, body, n);
    }

    private void readFully(byte[] b, int off, int len, long pduOffset) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                throw new PduDecodeException(
                        "connection closed in the middle of a PDU", AAbort.REASON_NOT_SPECIFIED, pduOffset + done);
            }
            done += r;
        }
    }
}
