package org.myoscreen.dicom.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A small buffered little endian writer for element headers and values. Not thread-safe; {@link #flush()}
 * pushes buffered bytes to the wrapped stream without closing it.
 */
public final class LittleEndianOutput {

    private final OutputStream out;
    private final byte[] buffer;
    private int count;

    /**
     * Wraps a stream.
     *
     * @param out the target, not closed by this writer
     */
    public LittleEndianOutput(OutputStream out) {
        this(out, 65536);
    }

    /**
     * Wraps a stream with a buffer of the given size: small for small outputs (file meta information), which are
     * written once per received instance, so that each does not allocate and clear 64 KiB.
     *
     * @param out the target, not closed by this writer
     * @param bufferBytes the buffer's size, at least 1
     */
    public LittleEndianOutput(OutputStream out, int bufferBytes) {
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes");
        }
        this.out = out;
        this.buffer = new byte[bufferBytes];
    }

    /**
     * Writes one byte.
     *
     * @param b the byte in the low 8 bits
     * @throws IOException from the stream
     */
    public void writeByte(int b) throws IOException {
        if (count == buffer.length) {
            drain();
        }
        buffer[count++] = (byte) b;
    }

    /**
     * Writes a 16-bit value, little endian.
     *
     * @param v the value in the low 16 bits
     * @throws IOException from the stream
     */
    public void writeShort(int v) throws IOException {
        writeByte(v);
        writeByte(v >>> 8);
    }

    /**
     * Writes a 32-bit value, little endian.
     *
     * @param v the value
     * @throws IOException from the stream
     */
    public void writeInt(int v) throws IOException {
        writeShort(v);
        writeShort(v >>> 16);
    }

    /**
     * Writes a tag as group then element, each little endian.
     *
     * @param tag the tag
     * @throws IOException from the stream
     */
    public void writeTag(int tag) throws IOException {
        writeShort(tag >>> 16);
        writeShort(tag);
    }

    /**
     * Writes bytes.
     *
     * @param bytes the source
     * @param offset start in {@code bytes}
     * @param length number of bytes
     * @throws IOException from the stream
     */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length >= buffer.length) {
            drain();
            out.write(bytes, offset, length);
            return;
        }
        if (count + length > buffer.length) {
            drain();
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }

    /**
     * Pushes buffered bytes to the stream and flushes it.
     *
     * @throws IOException from the stream
     */
    public void flush() throws IOException {
        drain();
        out.flush();
    }
}
