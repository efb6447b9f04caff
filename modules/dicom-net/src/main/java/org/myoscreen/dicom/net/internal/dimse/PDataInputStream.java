package org.myoscreen.dicom.net.internal.dimse;

import java.io.IOException;
import java.io.InputStream;
import org.myoscreen.dicom.net.internal.pdu.Pdv;

/**
 * The data of one DIMSE message as a stream: the value bytes of consecutive data PDVs of one
 * presentation context, ending after the PDV marked last (PS3.7 Annex F). Reads straight out of
 * the Upper Layer's receive buffer, so a dataset is never held whole in memory.
 *
 * <p>A command PDV or another context's PDV in the middle is a protocol error
 * ({@link DimseProtocolException}). Not thread-safe.
 */
public final class PDataInputStream extends InputStream {
    private final PdvSource source;
    private final int presentationContextId;
    private byte[] buf;
    private int pos;
    private int end;
    private boolean last;
    private boolean started;
    private long count;

    public PDataInputStream(PdvSource source, int presentationContextId) {
        this.source = source;
        this.presentationContextId = presentationContextId;
    }

    /** Bytes delivered so far. */
    public long count() {
        return count;
    }

    /** True once the last fragment has been consumed to its end. */
    public boolean finished() {
        return last && pos == end;
    }

    private boolean fill() throws IOException {
        while (pos == end) {
            if (last) {
                return false;
            }
            Pdv pdv = source.next();
            if (pdv.command() || pdv.presentationContextId() != presentationContextId) {
                throw new DimseProtocolException(
                        "expected a data fragment on presentation context " + presentationContextId + ", got " + pdv);
            }
            started = true;
            buf = pdv.buffer();
            pos = pdv.offset();
            end = pos + pdv.length();
            last = pdv.last();
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        count++;
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        count += n;
        return n;
    }

    @Override
    public int available() {
        return end - pos;
    }

    /** Writes each remaining fragment straight from the receive buffer: no intermediate copy. */
    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        long n = 0;
        while (fill()) {
            int len = end - pos;
            out.write(buf, pos, len);
            pos = end;
            count += len;
            n += len;
        }
        return n;
    }

    /** Reads and discards the rest of the message's data. */
    public void drain() throws IOException {
        while (fill()) {
            count += end - pos;
            pos = end;
        }
    }

    boolean started() {
        return started;
    }

    /** A DIMSE-level protocol violation by the peer; the association is aborted. */
    public static final class DimseProtocolException extends IOException {
        public DimseProtocolException(String message) {
            super(message);
        }
    }
}
