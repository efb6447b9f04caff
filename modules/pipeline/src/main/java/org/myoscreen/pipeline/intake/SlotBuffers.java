package org.myoscreen.pipeline.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * The memory one C-STORE needs while its instance is written into an intake slot, kept for the next one: a
 * direct buffer the file is written from, and room for the first bytes of the file, from which its header is
 * read. A fresh 64 KiB array per buffer and instance had to be cleared, and, until the heap had grown to its
 * working size (a thousand instances and more), faulted in page by page: 0.7 ms of CPU per instance in the
 * first rounds of a node's life (issue 14).
 *
 * <p>One {@code SlotBuffers} serves one store at a time; {@link Pool} holds those not in use, as many as stores
 * ever ran at once.
 */
final class SlotBuffers {

    /** How much is written to the file with one {@code write(2)}. */
    static final int WRITE_BYTES = 64 * 1024;
    /**
     * How much of each file's start is kept in memory while it is written, so that its header is read from there
     * rather than from the file (one open, seek and close fewer per instance); a header longer than this is read
     * on from the file.
     */
    static final int HEAD_BYTES = 64 * 1024;

    private final ByteBuffer write = ByteBuffer.allocateDirect(WRITE_BYTES);
    private final byte[] head = new byte[HEAD_BYTES];

    /**
     * A stream into {@code channel} that keeps the first {@link #HEAD_BYTES} it is given for {@link
     * HeadOutput#head}. It starts empty, whatever an earlier store left in the buffers.
     *
     * @param channel the slot, written from its current position
     * @param below wraps the stream to the file under the head capture (tests inject write errors there)
     * @return the stream; {@link OutputStream#flush} writes what it holds to the channel
     */
    HeadOutput open(FileChannel channel, UnaryOperator<OutputStream> below) {
        write.clear();
        return new HeadOutput(below.apply(new ChannelOutput(channel, write)), head);
    }

    /** Passes bytes on and keeps the first ones in the head array. */
    static final class HeadOutput extends OutputStream {
        private final OutputStream out;
        private final byte[] head;
        private int length;

        private HeadOutput(OutputStream out, byte[] head) {
            this.out = out;
            this.head = head;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (length < head.length) {
                head[length++] = (byte) b;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            int keep = Math.min(len, head.length - length);
            if (keep > 0) {
                System.arraycopy(b, off, head, length, keep);
                length += keep;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** The array whose first {@link #length} bytes are the file's start; valid until the buffers go back. */
        byte[] head() {
            return head;
        }

        int length() {
            return length;
        }
    }

    /** Buffers writes in a direct buffer and writes it whole to the channel: no copy into a buffer of the JDK's. */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer;

        ChannelOutput(FileChannel channel, ByteBuffer buffer) {
            this.channel = channel;
            this.buffer = buffer;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int at = off;
            int left = len;
            while (left > 0) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                int n = Math.min(left, buffer.remaining());
                buffer.put(b, at, n);
                at += n;
                left -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    /** The buffers not in use. Thread-safe. */
    static final class Pool {
        private final Queue<SlotBuffers> spare = new ConcurrentLinkedQueue<>();

        /** Buffers of an earlier store, or new ones when every set is in use. */
        SlotBuffers take() {
            SlotBuffers b = spare.poll();
            return b != null ? b : new SlotBuffers();
        }

        /** Gives buffers back once nothing reads them any more. */
        void giveBack(SlotBuffers b) {
            spare.offer(b);
        }
    }
}
