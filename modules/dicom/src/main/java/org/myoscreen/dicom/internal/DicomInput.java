package org.myoscreen.dicom.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.myoscreen.dicom.VR;

/**
 * A buffered byte source that counts its position, can peek ahead, and reads large values in bounded chunks
 * so that a bogus length field cannot allocate more memory than the stream actually holds.
 *
 * <p>Not thread-safe. Does not close the underlying stream.
 */
public final class DicomInput {

    /** Values up to this size are allocated at once; larger ones grow as bytes actually arrive. */
    private static final int CHUNK = 1 << 20;

    /**
     * The buffer of a stream of unknown or long length. Reads of a value at least this long bypass it, so it
     * only batches the small elements; larger, it was cleared (and, in a young heap, faulted in) for nothing:
     * two of them per received instance (issue 14).
     */
    private static final int MAX_BUFFER = 16 * 1024;
    /** More than the most any caller asks {@link #fill} for (132: preamble and "DICM"). */
    private static final int MIN_BUFFER = 256;

    private final InputStream in;
    private final byte[] buffer;
    private int bufferPosition;
    private int bufferLimit;
    /** Stream position of buffer[0]. */
    private long bufferStart;
    /** Total stream length when known, -1 otherwise. */
    private final long streamLength;

    /**
     * Wraps a stream.
     *
     * @param in the stream
     * @param startPosition position to report for the stream's first byte
     * @param streamLength total length including {@code startPosition} when known, or -1
     */
    public DicomInput(InputStream in, long startPosition, long streamLength) {
        this.in = in;
        this.bufferStart = startPosition;
        this.streamLength = streamLength;
        // a short stream of known length (a command set: ~100 bytes) gets a buffer its size, not MAX_BUFFER to clear
        long known = streamLength < 0 ? MAX_BUFFER : streamLength - startPosition;
        this.buffer = new byte[(int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, known))];
    }

    /**
     * Returns the position of the next byte.
     *
     * @return bytes consumed so far plus the start position
     */
    public long position() {
        return bufferStart + bufferPosition;
    }

    /**
     * Returns how many bytes remain when the stream length is known.
     *
     * @return remaining bytes, or -1 when unknown
     */
    public long remaining() {
        return streamLength < 0 ? -1 : streamLength - position();
    }

    /**
     * Ensures {@code n} bytes are buffered, as far as the stream has them.
     *
     * @param n at most the buffer size
     * @return the number of bytes available, less than {@code n} only at end of stream
     * @throws IOException from the stream
     */
    public int fill(int n) throws IOException {
        if (n > buffer.length) {
            // a buffer sized to a short stream cannot hold more: fail loudly rather than read 0 bytes forever
            throw new IllegalArgumentException("cannot buffer " + n + " bytes in " + buffer.length);
        }
        int available = bufferLimit - bufferPosition;
        if (available >= n) {
            return available;
        }
        if (bufferPosition > 0) {
            System.arraycopy(buffer, bufferPosition, buffer, 0, available);
            bufferStart += bufferPosition;
            bufferPosition = 0;
            bufferLimit = available;
        }
        while (bufferLimit < n) {
            int read = in.read(buffer, bufferLimit, buffer.length - bufferLimit);
            if (read < 0) {
                break;
            }
            bufferLimit += read;
        }
        return bufferLimit - bufferPosition;
    }

    /**
     * Returns a buffered byte ahead of the position without consuming it; call {@link #fill(int)} first.
     *
     * @param index offset from the position
     * @return the byte, unsigned
     */
    public int peek(int index) {
        return buffer[bufferPosition + index] & 0xFF;
    }

    /**
     * Tells whether the stream is exhausted.
     *
     * @return true at end of stream
     * @throws IOException from the stream
     */
    public boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    /**
     * Reads a 16-bit unsigned integer.
     *
     * @param bigEndian byte order
     * @return 0 to 0xFFFF
     * @throws EOFException at end of stream
     */
    public int readUnsignedShort(boolean bigEndian) throws IOException {
        require(2);
        int a = buffer[bufferPosition] & 0xFF;
        int b = buffer[bufferPosition + 1] & 0xFF;
        bufferPosition += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    /**
     * Reads a 32-bit integer.
     *
     * @param bigEndian byte order
     * @return the bits as int
     * @throws EOFException at end of stream
     */
    public int readInt(boolean bigEndian) throws IOException {
        require(4);
        int a = buffer[bufferPosition] & 0xFF;
        int b = buffer[bufferPosition + 1] & 0xFF;
        int c = buffer[bufferPosition + 2] & 0xFF;
        int d = buffer[bufferPosition + 3] & 0xFF;
        bufferPosition += 4;
        return bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : (d << 24) | (c << 16) | (b << 8) | a;
    }

    private void require(int n) throws IOException {
        if (fill(n) < n) {
            throw new EOFException("end of stream after " + (bufferLimit - bufferPosition) + " of " + n + " bytes");
        }
    }

    /**
     * Reads exactly {@code length} bytes, allocating in chunks so that memory follows the bytes that arrive.
     *
     * @param length the value length, at most {@code Integer.MAX_VALUE - 8}
     * @return the bytes
     * @throws EOFException when the stream ends first
     */
    public byte[] readBytes(int length) throws IOException {
        byte[] out = new byte[Math.min(length, CHUNK)];
        int done = 0;
        while (done < length) {
            if (done == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(length, (long) out.length * 2));
            }
            int n = read(out, done, out.length - done);
            if (n < 0) {
                throw new EOFException("end of stream after " + done + " of " + length + " value bytes");
            }
            done += n;
        }
        return out;
    }

    /**
     * Reads up to {@code length} bytes.
     *
     * @param target where to put them
     * @param offset start in {@code target}
     * @param length the most to read
     * @return the number read, or -1 at end of stream
     * @throws IOException from the stream
     */
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int available = bufferLimit - bufferPosition;
        if (available == 0) {
            if (length >= buffer.length) {
                int n = in.read(target, offset, length);
                if (n > 0) {
                    bufferStart += n;
                }
                return n;
            }
            if (fill(1) == 0) {
                return -1;
            }
            available = bufferLimit - bufferPosition;
        }
        int n = Math.min(available, length);
        System.arraycopy(buffer, bufferPosition, target, offset, n);
        bufferPosition += n;
        return n;
    }

    /**
     * Skips exactly {@code length} bytes.
     *
     * @param length bytes to skip
     * @throws EOFException when the stream ends first
     */
    /**
     * Reads the VR of an Explicit VR element header (PS3.5 7.1.2). Empty, with the stream not
     * advanced, when the two bytes name no VR; {@link #describeVrBytes()} then says what they were.
     *
     * @throws EOFException when the stream ends inside the VR
     */
    public Optional<VR> readExplicitVr() throws IOException {
        if (fill(2) < 2) {
            throw new EOFException("end of stream in element header");
        }
        Optional<VR> vr = VR.of((peek(0) << 8) | peek(1));
        if (vr.isPresent()) {
            skip(2);
        }
        return vr;
    }

    /** The two bytes at the read position, for the message about a VR that {@link #readExplicitVr()} did not know. */
    public String describeVrBytes() {
        return String.format("bad VR bytes 0x%02X 0x%02X", peek(0), peek(1));
    }

    /**
     * Reads the value length of an Explicit VR element header after its VR: 2 reserved bytes and a
     * 4-byte length for the VRs with long lengths, else a 2-byte length (PS3.5 Table 7.1-1 and 7.1-2).
     */
    public int readExplicitLength(VR vr, boolean bigEndian) throws IOException {
        if (vr.explicitLongLength()) {
            skip(2);
            return readInt(bigEndian);
        }
        return readUnsignedShort(bigEndian);
    }

    public void skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            int available = bufferLimit - bufferPosition;
            if (available > 0) {
                int n = (int) Math.min(available, left);
                bufferPosition += n;
                left -= n;
                continue;
            }
            // nothing buffered: the skipped bytes pass through the buffer and are dropped, no scratch array
            bufferStart += bufferLimit;
            bufferPosition = 0;
            bufferLimit = 0;
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("end of stream while skipping " + length + " bytes");
            }
            bufferStart += n;
            left -= n;
        }
    }

    /**
     * Returns the rest of the stream as an InputStream, starting at the current position (buffered bytes first).
     *
     * @return a stream that does not close the underlying one
     */
    public InputStream rest() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (fill(1) == 0) {
                    return -1;
                }
                return buffer[bufferPosition++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return DicomInput.this.read(b, off, len);
            }
        };
    }
}
