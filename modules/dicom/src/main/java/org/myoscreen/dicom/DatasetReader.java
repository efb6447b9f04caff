package org.myoscreen.dicom;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.myoscreen.dicom.internal.DicomInput;

/**
 * Reads a bare dataset (no preamble, no file meta information) from a stream in a known transfer syntax
 * (PS3.5 sections 7 and 8, annexes A.1 to A.5).
 *
 * <p>Handles Explicit and Implicit VR Little Endian, Explicit VR Big Endian (values are byte-swapped to little
 * endian in memory) and Deflated Explicit VR Little Endian; defined and undefined lengths; nested sequences
 * (PS3.5 section 7.5); encapsulated Pixel Data as {@link Fragments} (annex A.4). In Implicit VR the VR comes
 * from the {@link ElementDictionary}; an element of undefined length that is not Pixel Data is read as a
 * sequence, and so is an Explicit VR UN element of undefined length (its items in Implicit VR Little Endian,
 * PS3.5 section 6.2.2). A public element sent as UN whose dictionary VR is known gets that VR (for SQ, its
 * value is parsed as Implicit VR Little Endian items; if that fails it stays UN), and a private creator sent as
 * UN becomes LO (PS3.5 section 7.8.1). Other private elements stay as they came.
 *
 * <p>Corrupt input raises {@link DicomParseException} with the source name, byte offset and tag: truncation,
 * a length beyond the end of the stream or of the enclosing item, bad VR bytes, unexpected item tags, or
 * nesting deeper than {@value #MAX_DEPTH} levels. Memory follows the bytes actually present: large values are
 * read in bounded chunks. Each call makes progress or fails, so reading cannot loop forever.
 *
 * <p>Not thread-safe; one reader per stream. Does not close the stream.
 */
public final class DatasetReader {

    /** Deepest sequence nesting accepted; real data stays far below, a fuzzed stream may not. */
    static final int MAX_DEPTH = 64;

    private static final int UNDEFINED = ElementHeaders.UNDEFINED;
    private static final int NO_STOP = -1;

    private final ElementHeaders h;
    private final DicomInput in;
    private final String source;

    /**
     * Creates a reader.
     *
     * @param in the stream positioned at the first element; a deflated syntax is inflated here
     * @param ts the transfer syntax of the dataset
     * @param sourceName names the source in exception messages
     */
    public DatasetReader(InputStream in, TransferSyntax ts, String sourceName) {
        this(
                ts.deflated()
                        ? new DicomInput(new InflaterInputStream(in, new Inflater(true)), 0, -1)
                        : new DicomInput(Objects.requireNonNull(in, "in is null"), 0, -1),
                ts,
                ts.deflated() ? sourceName + " (inflated)" : sourceName);
    }

    /**
     * Creates a reader over bytes in memory (e.g. a command set).
     *
     * @param bytes holds the dataset
     * @param offset where the dataset's first element starts in {@code bytes}
     * @param length the dataset's length in bytes
     * @param ts the transfer syntax of the dataset; a deflated syntax is inflated here
     * @param sourceName names the source in exception messages
     * @return the reader
     */
    public static DatasetReader of(byte[] bytes, int offset, int length, TransferSyntax ts, String sourceName) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes, offset, length);
        return ts.deflated()
                ? new DatasetReader(in, ts, sourceName)
                : new DatasetReader(new DicomInput(in, 0, length), ts, sourceName);
    }

    DatasetReader(DicomInput in, TransferSyntax ts, String sourceName) {
        this.in = in;
        this.source = Objects.requireNonNull(sourceName, "sourceName is null");
        this.h = new ElementHeaders(in, source, ts);
    }

    /**
     * Reads the dataset to the end of the stream.
     *
     * @return the dataset
     * @throws DicomParseException when the stream is not a valid dataset in this transfer syntax
     */
    public Attributes read() {
        return readUntil(NO_STOP);
    }

    /**
     * Reads top-level elements until one whose tag is at least {@code stopTag} (compared unsigned), which is
     * left unread: its tag bytes are the next bytes of this reader.
     *
     * @param stopTag e.g. {@link Tag#PixelData}
     * @return the dataset read so far
     * @throws DicomParseException when the stream is not a valid dataset in this transfer syntax
     */
    public Attributes readUntil(int stopTag) {
        Attributes dataset = new Attributes();
        guard(() -> readDataset(dataset, -1, false, stopTag, 0));
        return dataset;
    }

    /** Reads one element into {@code target}; used for the file meta information. */
    void readElement(Attributes target) {
        guard(() -> {
            h.startElement(-1);
            int tag = h.readTag();
            element(target, tag, -1, 0);
        });
    }

    private void guard(ElementHeaders.Body body) {
        try {
            body.run();
        } catch (DicomParseException e) {
            throw e;
        } catch (EOFException e) {
            throw h.error("truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw h.error("cannot read: " + e, e);
        }
    }

    /**
     * Reads elements into {@code target} until {@code end} (defined length), an item delimiter
     * ({@code undefinedItem}), or end of stream (top level).
     */
    private void readDataset(Attributes target, long end, boolean undefinedItem, int stopTag, int depth)
            throws IOException {
        while (true) {
            if (h.startElement(end)) {
                return;
            }
            if (end < 0 && !undefinedItem) {
                int available = in.fill(4);
                if (available == 0) {
                    return;
                }
                if (stopTag != NO_STOP && available >= 4) {
                    int tag = h.bigEndian
                            ? (in.peek(0) << 24) | (in.peek(1) << 16) | (in.peek(2) << 8) | in.peek(3)
                            : (in.peek(1) << 24) | (in.peek(0) << 16) | (in.peek(3) << 8) | in.peek(2);
                    if (Integer.compareUnsigned(tag, stopTag) >= 0) {
                        return;
                    }
                }
            }
            int tag = h.readElementTag(undefinedItem);
            if (tag == Tag.ItemDelimitationItem) {
                return;
            }
            element(target, tag, end, depth);
        }
    }

    private void element(Attributes target, int tag, long end, int depth) throws IOException {
        boolean explicitVr = h.explicitVr;
        VR vr = h.readVr(explicitVr ? null : implicitVr(target, tag));
        int length = h.readLength(vr);
        if (length == UNDEFINED) {
            switch (h.undefinedLength(tag, vr)) {
                case SEQUENCE -> readSequence(target, tag, -1, depth);
                case UN_SEQUENCE -> h.inImplicitLittleEndian(() -> readSequence(target, tag, -1, depth));
                // PS3.5 A.4: encapsulated Pixel Data is OB; keep an explicitly encoded OW as it came.
                case FRAGMENTS -> readFragments(target, tag, explicitVr && vr == VR.OW ? VR.OW : VR.OB, end);
            }
            return;
        }
        long valueLength = length & 0xFFFFFFFFL;
        checkLength(valueLength, end);
        if (vr == VR.SQ) {
            readSequence(target, tag, in.position() + valueLength, depth);
            return;
        }
        byte[] value = in.readBytes((int) valueLength);
        if (vr == VR.UN && explicitVr && Tag.isPrivateCreator(tag)) {
            // PS3.5 7.8.1: a private creator is always LO, whatever VR a converting sender wrote.
            vr = VR.LO;
        } else if (vr == VR.UN && explicitVr && !Tag.isPrivate(tag)) {
            VR known = ElementDictionary.vrOf(tag);
            if (known == VR.SQ) {
                if (parseUnknownSequence(target, tag, value, depth)) {
                    return;
                }
            } else if (known != VR.UN) {
                vr = ElementDictionary.vrChoices(tag).startsWith("US or SS") ? implicitVr(target, tag) : known;
            }
        }
        if (h.bigEndian) {
            swap(value, vr);
        }
        target.put(DataElement.ofBytes(tag, vr, value));
    }

    private void checkLength(long valueLength, long end) {
        if (valueLength > Integer.MAX_VALUE - 8) {
            throw h.error("value length " + valueLength + " is too large");
        }
        long remaining = in.remaining();
        if (remaining >= 0 && valueLength > remaining) {
            throw h.error("value length " + valueLength + " exceeds the " + remaining + " bytes left in the stream");
        }
        if (end >= 0 && in.position() + valueLength > end) {
            throw h.error("value length " + valueLength + " runs past the end of the enclosing item at offset " + end);
        }
    }

    private VR implicitVr(Attributes target, int tag) {
        VR vr = ElementDictionary.vrOf(tag);
        if (vr == VR.US && ElementDictionary.vrChoices(tag).equals("US or SS")) {
            // PS3.5 A.1 leaves "US or SS" to Pixel Representation (0028,0103): 1 means two's complement.
            Attributes ds = target;
            while (ds != null && !ds.contains(Tag.PixelRepresentation)) {
                ds = ds.parentDataset();
            }
            if (ds != null && ds.getInt(Tag.PixelRepresentation, 0) == 1) {
                return VR.SS;
            }
        }
        return vr;
    }

    private boolean parseUnknownSequence(Attributes target, int tag, byte[] value, int depth) {
        DatasetReader nested = new DatasetReader(
                new DicomInput(new ByteArrayInputStream(value), 0, value.length),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                source + " (UN value of " + Tag.toString(tag) + ")");
        Attributes holder = new Attributes();
        holder.setParent(target);
        try {
            nested.readSequence(holder, tag, value.length, depth);
        } catch (DicomParseException | IOException e) {
            return false;
        }
        List<Attributes> items = target.newSequence(tag);
        for (Attributes item : new ArrayList<>(holder.getSequence(tag))) {
            items.add(item);
        }
        return true;
    }

    private void readSequence(Attributes target, int tag, long end, int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw h.error("sequences nested deeper than " + MAX_DEPTH + " levels");
        }
        List<Attributes> items = target.newSequence(tag);
        long sequenceOffset = h.offset;
        while (true) {
            h.offset = in.position();
            if (end >= 0) {
                if (h.offset == end) {
                    return;
                }
                if (h.offset > end) {
                    throw h.error("item runs past the end of its sequence at offset " + end);
                }
            }
            int itemTag = h.readItemHeader();
            int length = h.length;
            if (itemTag == Tag.SequenceDelimitationItem) {
                if (end < 0) {
                    return;
                }
                throw h.error(
                        "sequence delimitation item in a sequence of defined length starting at " + sequenceOffset);
            }
            if (itemTag != Tag.Item) {
                throw h.error("expected an item tag (FFFE,E000) in sequence " + Tag.toString(tag));
            }
            Attributes item = new Attributes();
            items.add(item);
            if (length == UNDEFINED) {
                readDataset(item, -1, true, NO_STOP, depth + 1);
            } else {
                long itemLength = length & 0xFFFFFFFFL;
                checkLength(itemLength, end);
                readDataset(item, in.position() + itemLength, false, NO_STOP, depth + 1);
            }
        }
    }

    private void readFragments(Attributes target, int tag, VR vr, long end) throws IOException {
        byte[] offsetTable = null;
        List<byte[]> fragments = new ArrayList<>();
        long pixelOffset = h.offset;
        while (true) {
            int itemTag = h.readItemHeader();
            int length = h.length;
            if (itemTag == Tag.SequenceDelimitationItem) {
                break;
            }
            if (itemTag != Tag.Item) {
                throw h.error(
                        "expected a fragment item (FFFE,E000) in encapsulated pixel data starting at " + pixelOffset);
            }
            if (length == UNDEFINED) {
                throw h.error("fragment item with undefined length");
            }
            long fragmentLength = length & 0xFFFFFFFFL;
            checkLength(fragmentLength, end);
            byte[] bytes = in.readBytes((int) fragmentLength);
            if (offsetTable == null) {
                offsetTable = bytes;
            } else {
                fragments.add(bytes);
            }
        }
        h.offset = pixelOffset;
        target.put(DataElement.ofFragments(
                tag, new Fragments(vr, offsetTable == null ? new byte[0] : offsetTable, fragments)));
    }

    /** Swaps a big endian value to little endian in place, by the VR's word size. */
    static void swap(byte[] value, VR vr) {
        int size = switch (vr) {
            case US, SS, OW, AT -> 2;
            case UL, SL, FL, OF, OL -> 4;
            case FD, OD, SV, UV, OV -> 8;
            default -> 1;
        };
        if (size == 1) {
            return;
        }
        for (int i = 0; i + size <= value.length; i += size) {
            for (int a = i, b = i + size - 1; a < b; a++, b--) {
                byte t = value[a];
                value[a] = value[b];
                value[b] = t;
            }
        }
    }
}
