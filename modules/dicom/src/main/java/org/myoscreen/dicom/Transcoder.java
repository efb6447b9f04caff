package org.myoscreen.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalInt;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.myoscreen.dicom.internal.DicomInput;
import org.myoscreen.dicom.internal.LittleEndianOutput;

/**
 * Re-encodes a bare dataset from one transfer syntax to another while streaming: element headers are rewritten,
 * values are copied in chunks of at most {@value #CHUNK} bytes, so memory stays bounded whatever the size of
 * Pixel Data. Used by the C-STORE SCU when the accepted presentation context needs another encoding.
 *
 * <p>Reads Explicit and Implicit VR Little Endian, Explicit VR Big Endian and Deflated Explicit VR Little
 * Endian; writes Explicit and Implicit VR Little Endian, Deflated Explicit VR Little Endian, and encapsulated
 * syntaxes (Explicit VR LE dataset, fragments copied as they are). When source and target encode the same way
 * the bytes are copied unchanged.
 *
 * <p>Rules, as in {@link DatasetWriter}: every sequence and item is written with undefined length (lengths of
 * defined-length ones change with the header sizes); odd values are padded; group length elements (gggg,0000)
 * are dropped; in Explicit VR a value over 65534
 * bytes of a short-length VR becomes UN. Implicit to Explicit takes VRs from the {@link ElementDictionary}
 * ("US or SS" resolved with Pixel Representation, unknown private elements as UN). Encapsulated Pixel Data
 * cannot be written in a native syntax.
 *
 * <p>Thread-safe (stateless). Neither stream is closed; the output is flushed. Malformed input raises
 * {@link DicomParseException} (source, offset, tag); output failures raise {@link UncheckedIOException}.
 */
public final class Transcoder {

    static final int CHUNK = 65536;
    private static final int UNDEFINED = 0xFFFFFFFF;

    private Transcoder() {}

    /**
     * Transcodes a bare dataset.
     *
     * @param dataset the source stream, positioned at the first element
     * @param from the source transfer syntax
     * @param out the target stream
     * @param to the target transfer syntax (not Explicit VR Big Endian)
     * @param sourceName names the source in exception messages
     * @throws DicomParseException when the source is malformed
     * @throws DicomException when the target syntax cannot be written or cannot hold the data
     */
    public static void transcode(
            InputStream dataset, TransferSyntax from, OutputStream out, TransferSyntax to, String sourceName) {
        if (to.bigEndian()) {
            throw new DicomException("writing Explicit VR Big Endian is not supported (retired, PS3.5 annex A.3)");
        }
        if (to.encapsulated() && !(from.encapsulated() && from.uid().equals(to.uid()))) {
            throw new DicomException("cannot transcode " + from.uid() + " to " + to.uid()
                    + ": compression and recompression are not supported");
        }
        try {
            if (from.explicitVr() == to.explicitVr()
                    && !from.bigEndian()
                    && from.deflated() == to.deflated()
                    && (from.encapsulated() == to.encapsulated())) {
                dataset.transferTo(out);
                out.flush();
                return;
            }
            InputStream source =
                    from.deflated() ? new InflaterInputStream(dataset, new Inflater(true), CHUNK) : dataset;
            Deflater deflater = to.deflated() ? new Deflater(Deflater.DEFAULT_COMPRESSION, true) : null;
            DeflaterOutputStream deflating = deflater == null ? null : new DeflaterOutputStream(out, deflater, CHUNK);
            LittleEndianOutput le = new LittleEndianOutput(deflating == null ? out : deflating);
            new Engine(
                            new DicomInput(source, 0, -1),
                            from,
                            le,
                            to,
                            from.deflated() ? sourceName + " (inflated)" : sourceName)
                    .run();
            le.flush();
            if (deflating != null) {
                deflating.finish();
                deflater.end();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write transcoded dataset: " + e.getMessage(), e);
        }
    }

    /** One transcoding run; containers are tracked on an explicit stack, so depth costs no Java stack. */
    private static final class Engine {

        private enum Kind {
            SEQUENCE,
            ITEM,
            FRAGMENTS
        }

        private record Frame(Kind kind, long end, boolean explicitVr) {}

        private final DicomInput in;
        private final boolean bigEndian;
        private final boolean sourceExplicit;
        private final LittleEndianOutput out;
        private final TransferSyntax to;
        private final String source;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final byte[] chunk = new byte[CHUNK];
        private int pixelRepresentation;
        private long elementOffset;
        private int elementTag;
        private boolean haveTag;

        Engine(DicomInput in, TransferSyntax from, LittleEndianOutput out, TransferSyntax to, String source) {
            this.in = in;
            this.bigEndian = from.bigEndian();
            this.sourceExplicit = from.explicitVr();
            this.out = out;
            this.to = to;
            this.source = source;
        }

        void run() throws IOException {
            try {
                loop();
            } catch (EOFException e) {
                throw error("truncated: " + e.getMessage(), e);
            } catch (IOException e) {
                if (e instanceof java.util.zip.ZipException) {
                    throw error("cannot inflate: " + e.getMessage(), e);
                }
                throw e;
            }
        }

        private DicomParseException error(String problem) {
            return error(problem, null);
        }

        private DicomParseException error(String problem, Throwable cause) {
            return new DicomParseException(
                    source, elementOffset, haveTag ? OptionalInt.of(elementTag) : OptionalInt.empty(), problem, cause);
        }

        private int readTag(boolean big) throws IOException {
            int group = in.readUnsignedShort(big);
            int element = in.readUnsignedShort(big);
            elementTag = (group << 16) | element;
            haveTag = true;
            return elementTag;
        }

        private void loop() throws IOException {
            while (true) {
                elementOffset = in.position();
                haveTag = false;
                Frame top = stack.peek();
                if (top != null && top.end() >= 0) {
                    if (elementOffset == top.end()) {
                        stack.pop();
                        out.writeTag(
                                top.kind() == Kind.SEQUENCE ? Tag.SequenceDelimitationItem : Tag.ItemDelimitationItem);
                        out.writeInt(0);
                        continue;
                    }
                    if (elementOffset > top.end()) {
                        throw error("data runs past the end of its "
                                + top.kind().name().toLowerCase() + " at offset " + top.end());
                    }
                }
                if (top == null && in.atEnd()) {
                    return;
                }
                boolean big = top == null ? bigEndian : top.explicitVr() && bigEndian;
                if (top != null && !top.explicitVr()) {
                    big = false;
                }
                int tag = readTag(big);
                if (top != null && top.kind() != Kind.ITEM) {
                    containerEntry(top, tag, big);
                } else if (tag == Tag.ItemDelimitationItem) {
                    in.readInt(big);
                    if (top == null || top.end() >= 0) {
                        throw error("item delimitation item outside an item of undefined length");
                    }
                    stack.pop();
                    out.writeTag(Tag.ItemDelimitationItem);
                    out.writeInt(0);
                } else if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
                    throw error("item or sequence delimiter where a data element was expected");
                } else {
                    element(tag, top == null ? sourceExplicit : top.explicitVr(), big);
                }
            }
        }

        /** An entry directly inside a sequence (items) or encapsulated pixel data (fragments). */
        private void containerEntry(Frame top, int tag, boolean big) throws IOException {
            int length = in.readInt(big);
            if (tag == Tag.SequenceDelimitationItem) {
                if (top.end() >= 0) {
                    throw error("sequence delimitation item in a container of defined length");
                }
                stack.pop();
                out.writeTag(Tag.SequenceDelimitationItem);
                out.writeInt(0);
                return;
            }
            if (tag != Tag.Item) {
                throw error("expected an item tag (FFFE,E000)");
            }
            if (top.kind() == Kind.FRAGMENTS) {
                if (length == UNDEFINED) {
                    throw error("fragment item with undefined length");
                }
                long fragmentLength = length & 0xFFFFFFFFL;
                checkLength(fragmentLength);
                out.writeTag(Tag.Item);
                out.writeInt((int) (fragmentLength + (fragmentLength & 1)));
                copy(fragmentLength, VR.OB, false);
                return;
            }
            if (stack.size() >= 2 * DatasetReader.MAX_DEPTH) {
                throw error("sequences nested deeper than " + DatasetReader.MAX_DEPTH + " levels");
            }
            out.writeTag(Tag.Item);
            out.writeInt(UNDEFINED);
            long end = -1;
            if (length != UNDEFINED) {
                long itemLength = length & 0xFFFFFFFFL;
                checkLength(itemLength);
                end = in.position() + itemLength;
            }
            stack.push(new Frame(Kind.ITEM, end, top.explicitVr()));
        }

        private void checkLength(long length) {
            if (length > Integer.MAX_VALUE - 8) {
                throw error("length " + length + " is too large");
            }
            Frame top = stack.peek();
            if (top != null && top.end() >= 0 && in.position() + length > top.end()) {
                throw error("length " + length + " runs past the end of the enclosing item at offset " + top.end());
            }
        }

        private void element(int tag, boolean explicit, boolean big) throws IOException {
            VR vr;
            int length;
            if (explicit) {
                vr = in.readExplicitVr().orElseThrow(() -> error(in.describeVrBytes()));
                length = in.readExplicitLength(vr, big);
            } else {
                vr = ElementDictionary.vrOf(tag);
                if (vr == VR.US
                        && pixelRepresentation == 1
                        && ElementDictionary.vrChoices(tag).equals("US or SS")) {
                    vr = VR.SS;
                }
                length = in.readInt(false);
            }
            if (length == UNDEFINED) {
                boolean pixelFragments = tag == Tag.PixelData || (explicit && (vr == VR.OB || vr == VR.OW));
                if (pixelFragments && vr != VR.SQ) {
                    if (!to.encapsulated()) {
                        throw error("encapsulated pixel data needs an encapsulated target transfer syntax, not "
                                + to.uid());
                    }
                    DatasetWriter.header(out, tag, explicit && vr == VR.OW ? VR.OW : VR.OB, UNDEFINED, true);
                    stack.push(new Frame(Kind.FRAGMENTS, -1, explicit));
                    return;
                }
                if (explicit && vr != VR.SQ && vr != VR.UN) {
                    throw error("undefined length for VR " + vr);
                }
                // An Explicit UN of undefined length holds Implicit VR Little Endian items (PS3.5 6.2.2).
                boolean itemsExplicit = explicit && vr == VR.SQ;
                DatasetWriter.header(out, tag, VR.SQ, UNDEFINED, to.explicitVr());
                stack.push(new Frame(Kind.SEQUENCE, -1, itemsExplicit));
                return;
            }
            long valueLength = length & 0xFFFFFFFFL;
            checkLength(valueLength);
            if (Tag.element(tag) == 0) {
                // Group lengths (retired in datasets, PS3.5 7.2) would be wrong after re-encoding: drop them.
                in.skip(valueLength);
                return;
            }
            if (vr == VR.SQ) {
                DatasetWriter.header(out, tag, VR.SQ, UNDEFINED, to.explicitVr());
                stack.push(new Frame(Kind.SEQUENCE, in.position() + valueLength, explicit));
                return;
            }
            long outLength = valueLength + (valueLength & 1);
            VR outVr = vr;
            if (to.explicitVr() && !vr.explicitLongLength() && outLength > 0xFFFF) {
                outVr = VR.UN;
            }
            if (tag == Tag.PixelRepresentation && stack.isEmpty() && valueLength == 2) {
                in.fill(2);
                pixelRepresentation = big ? (in.peek(0) << 8) | in.peek(1) : in.peek(0) | (in.peek(1) << 8);
            }
            DatasetWriter.header(out, tag, outVr, (int) outLength, to.explicitVr());
            copy(valueLength, vr, big);
            if (outLength != valueLength) {
                out.writeByte(vr.paddingByte());
            }
        }

        /** Copies a value in chunks, swapping big endian words to little endian by the VR's word size. */
        private void copy(long length, VR vr, boolean big) throws IOException {
            long left = length;
            while (left > 0) {
                int want = (int) Math.min(chunk.length, left);
                int done = 0;
                while (done < want) {
                    int n = in.read(chunk, done, want - done);
                    if (n < 0) {
                        throw new EOFException("end of stream with " + (left - done) + " value bytes to go");
                    }
                    done += n;
                }
                if (big) {
                    // CHUNK is a multiple of 8, so words never straddle chunks.
                    byte[] part = java.util.Arrays.copyOf(chunk, want);
                    DatasetReader.swap(part, vr);
                    out.write(part, 0, want);
                } else {
                    out.write(chunk, 0, want);
                }
                left -= want;
            }
        }
    }
}
