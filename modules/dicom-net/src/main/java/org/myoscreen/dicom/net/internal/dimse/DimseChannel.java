package org.myoscreen.dicom.net.internal.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.myoscreen.dicom.net.internal.pdu.Pdv;
import org.myoscreen.dicom.net.internal.ul.UpperLayer;

/**
 * DIMSE message exchange over one association (PS3.7 Annex F): sends a command and its dataset
 * as fragmented PDVs, and reads the next command (reassembling command fragments). Owned by the
 * association's single reader thread.
 */
public final class DimseChannel {
    /** Command sets are small; a longer one is a peer error, not a reason to allocate. */
    private static final int MAX_COMMAND_LENGTH = 64 * 1024;

    private final UpperLayer ul;
    private final PdvSource source;
    private final int peerMaxPduLength;
    private byte[] commandBuf = new byte[512];

    /** A received command and the presentation context it came on. */
    public record Received(int presentationContextId, Command command) {}

    public DimseChannel(UpperLayer ul, int peerMaxPduLength) {
        this.ul = ul;
        this.source = new PdvSource(ul);
        this.peerMaxPduLength = peerMaxPduLength;
    }

    public PdvSource source() {
        return source;
    }

    /**
     * Reads the next complete command.
     *
     * @throws PdvSource.AssociationEndedException when the association leaves data transfer
     *     (release, abort, close) instead
     * @throws PDataInputStream.DimseProtocolException when a data PDV arrives where a command
     *     was expected, fragments mix contexts, or the command does not parse
     */
    public Received readCommand() throws IOException {
        int length = 0;
        int pcid = -1;
        while (true) {
            Pdv pdv = source.next();
            if (!pdv.command()) {
                throw new PDataInputStream.DimseProtocolException("data fragment where a command was expected: " + pdv);
            }
            if (pcid >= 0 && pdv.presentationContextId() != pcid) {
                throw new PDataInputStream.DimseProtocolException(
                        "command fragments on contexts " + pcid + " and " + pdv.presentationContextId());
            }
            pcid = pdv.presentationContextId();
            if (length + pdv.length() > MAX_COMMAND_LENGTH) {
                throw new PDataInputStream.DimseProtocolException("command set longer than " + MAX_COMMAND_LENGTH);
            }
            if (length + pdv.length() > commandBuf.length) {
                commandBuf = Arrays.copyOf(commandBuf, Math.max(commandBuf.length * 2, length + pdv.length()));
            }
            System.arraycopy(pdv.buffer(), pdv.offset(), commandBuf, length, pdv.length());
            length += pdv.length();
            if (pdv.last()) {
                break;
            }
        }
        try {
            return new Received(pcid, Command.decode(commandBuf, length, "command of " + ul.associationId()));
        } catch (RuntimeException e) {
            throw new PDataInputStream.DimseProtocolException("unparseable command set: " + e.getMessage());
        }
    }

    /** The data of the message whose command was just read. */
    public PDataInputStream dataStream(int presentationContextId) {
        return new PDataInputStream(source, presentationContextId);
    }

    /** Sends a command set (no dataset follows unless the caller then uses {@link #dataOutput}). */
    public void sendCommand(int presentationContextId, Command command) throws IOException {
        byte[] encoded = command.encode();
        try (OutputStream out =
                new PDataOutputStream(ul, presentationContextId, true, peerMaxPduLength, encoded.length)) {
            out.write(encoded);
        }
    }

    /** A stream that fragments a dataset; closing it sends the last fragment. */
    public OutputStream dataOutput(int presentationContextId) {
        return new PDataOutputStream(ul, presentationContextId, false, peerMaxPduLength);
    }

    /** Sends a dataset read from {@code in}, in fragments. */
    public void sendData(int presentationContextId, InputStream in) throws IOException {
        try (OutputStream out = dataOutput(presentationContextId)) {
            in.transferTo(out);
        }
    }
}
