package org.myoscreen.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.myoscreen.dicom.internal.DicomInput;

/**
 * Checks the framing of a whole bare dataset as it streams past, without keeping any value: every element
 * header is read, every defined length is skipped and must end inside its enclosing item, every undefined
 * length (sequence, item, encapsulated Pixel Data, PS3.5 sections 7.5 and A.4) must be closed by its
 * delimiter, and the stream must end exactly at an element boundary. A dataset cut short anywhere, Pixel
 * Data included, fails here although a header read up to Pixel Data looks fine.
 *
 * <p>It does not judge values (VR content, dictionary rules): that is the reader's business. Memory is a
 * fixed 64 KiB buffer whatever the lengths say; nesting is bounded like {@link DatasetReader}.
 *
 * <p>Stateless and thread-safe; each call reads its own stream.
 */
public final class DatasetStructure {

    private static final int UNDEFINED = 0xFFFFFFFF;

    private final DicomInput in;
    private final String source;
    private boolean explicitVr;
    private boolean bigEndian;
    private long elementOffset;
    private int elementTag;
    private boolean haveTag;

    private DatasetStructure(DicomInput in, TransferSyntax ts, String source) {
        this.in = in;
        this.source = source;
        this.explicitVr = ts.explicitVr();
        this.bigEndian = ts.bigEndian();
    }

    /**
     * Reads {@code in} to its end and checks the framing of the dataset it holds.
     *
     * @param in the bare dataset (no preamble, no file meta information); a deflated syntax is inflated here
     * @param ts the transfer syntax of the dataset
     * @param sourceName names the source in exception messages
     * @return the number of (inflated) dataset bytes read
     * @throws DicomParseException when the framing is broken: the stream ends inside an element, a length runs
     *         past its enclosing item, a delimiter is missing or misplaced, a VR is not one of PS3.5
     * @throws IOException when reading {@code in} fails (not an end of stream: that is a parse failure)
     */
    public static long check(InputStream in, TransferSyntax ts, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in is null");
        Objects.requireNonNull(ts, "ts is null");
        Objects.requireNonNull(sourceName, "sourceName is null");
        InputStream source = ts.deflated() ? new InflaterInputStream(in, new Inflater(true)) : in;
        DatasetStructure walk = new DatasetStructure(new DicomInput(source, 0, -1), ts, sourceName);
        try {
            walk.dataset(-1, false, 0);
        } catch (EOFException e) {
            throw walk.error("truncated: " + e.getMessage(), e);
        }
        return walk.in.position();
    }

    private DicomParseException error(String problem) {
        return error(problem, null);
    }

    private DicomParseException error(String problem, Throwable cause) {
        return new DicomParseException(
                source, elementOffset, haveTag ? OptionalInt.of(elementTag) : OptionalInt.empty(), problem, cause);
    }

    private int readTag() throws IOException {
        int group = in.readUnsignedShort(bigEndian);
        int element = in.readUnsignedShort(bigEndian);
        elementTag = (group << 16) | element;
        haveTag = true;
        return elementTag;
    }

    /** Elements until {@code end} (defined length), an item delimiter ({@code undefinedItem}), or end of stream. */
    private void dataset(long end, boolean undefinedItem, int depth) throws IOException {
        while (true) {
            elementOffset = in.position();
            haveTag = false;
            if (end >= 0) {
                if (elementOffset == end) {
                    return;
                }
                if (elementOffset > end) {
                    throw error("element runs past the end of its item at offset " + end);
                }
            } else if (!undefinedItem && in.atEnd()) {
                return;
            }
            int tag = readTag();
            if (tag == Tag.ItemDelimitationItem) {
                in.readInt(bigEndian);
                if (undefinedItem) {
                    return;
                }
                throw error("item delimitation item outside an item of undefined length");
            }
            if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
                throw error("item or sequence delimiter where a data element was expected");
            }
            element(tag, end, depth);
        }
    }

    private void element(int tag, long end, int depth) throws IOException {
        VR vr;
        int length;
        if (explicitVr) {
            vr = in.readExplicitVr().orElseThrow(() -> error(in.describeVrBytes()));
            length = in.readExplicitLength(vr, bigEndian);
        } else {
            vr = ElementDictionary.vrOf(tag);
            length = in.readInt(bigEndian);
        }
        if (length != UNDEFINED) {
            skipValue(length & 0xFFFFFFFFL, end);
            return;
        }
        if (vr == VR.SQ || (!explicitVr && tag != Tag.PixelData)) {
            sequence(depth);
        } else if (vr == VR.UN) {
            // PS3.5 6.2.2: a UN of undefined length is a sequence whose items are Implicit VR Little Endian
            boolean savedExplicit = explicitVr;
            boolean savedBigEndian = bigEndian;
            explicitVr = false;
            bigEndian = false;
            try {
                sequence(depth);
            } finally {
                explicitVr = savedExplicit;
                bigEndian = savedBigEndian;
            }
        } else if (vr == VR.OB || vr == VR.OW || tag == Tag.PixelData) {
            fragments(end);
        } else {
            throw error("undefined length for VR " + vr);
        }
    }

    private void skipValue(long length, long end) throws IOException {
        if (end >= 0 && in.position() + length > end) {
            throw error("value length " + length + " runs past the end of the enclosing item at offset " + end);
        }
        long before = in.position();
        try {
            in.skip(length);
        } catch (EOFException e) {
            throw error(
                    "truncated: value length " + length + " but only " + (in.position() - before) + " bytes followed",
                    e);
        }
    }

    private void sequence(int depth) throws IOException {
        if (depth >= DatasetReader.MAX_DEPTH) {
            throw error("sequences nested deeper than " + DatasetReader.MAX_DEPTH + " levels");
        }
        while (true) {
            elementOffset = in.position();
            int itemTag = readTag();
            int length = in.readInt(bigEndian);
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item) {
                throw error("expected an item tag (FFFE,E000) or a sequence delimiter");
            }
            if (length == UNDEFINED) {
                dataset(-1, true, depth + 1);
            } else {
                // a defined-length item inside an undefined-length sequence: its elements must end with it
                long itemEnd = in.position() + (length & 0xFFFFFFFFL);
                dataset(itemEnd, false, depth + 1);
            }
        }
    }

    private void fragments(long end) throws IOException {
        while (true) {
            elementOffset = in.position();
            int itemTag = readTag();
            int length = in.readInt(bigEndian);
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item) {
                throw error("expected a fragment item (FFFE,E000) in encapsulated pixel data");
            }
            if (length == UNDEFINED) {
                throw error("fragment item with undefined length");
            }
            skipValue(length & 0xFFFFFFFFL, end);
        }
    }
}
