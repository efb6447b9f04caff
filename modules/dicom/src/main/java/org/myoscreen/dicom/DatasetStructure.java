package org.myoscreen.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
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

    private final ElementHeaders h;
    private final DicomInput in;

    private DatasetStructure(DicomInput in, TransferSyntax ts, String source) {
        this.h = new ElementHeaders(in, source, ts);
        this.in = in;
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
            throw walk.h.error("truncated: " + e.getMessage(), e);
        }
        return walk.in.position();
    }

    /** Elements until {@code end} (defined length), an item delimiter ({@code undefinedItem}), or end of stream. */
    private void dataset(long end, boolean undefinedItem, int depth) throws IOException {
        while (true) {
            if (h.startElement(end)) {
                return;
            }
            if (end < 0 && !undefinedItem && in.atEnd()) {
                return;
            }
            int tag = h.readElementTag(undefinedItem);
            if (tag == Tag.ItemDelimitationItem) {
                return;
            }
            element(tag, end, depth);
        }
    }

    private void element(int tag, long end, int depth) throws IOException {
        VR vr = h.readVr(h.explicitVr ? null : ElementDictionary.vrOf(tag));
        int length = h.readLength(vr);
        if (length != ElementHeaders.UNDEFINED) {
            skipValue(length & 0xFFFFFFFFL, end);
            return;
        }
        switch (h.undefinedLength(tag, vr)) {
            case SEQUENCE -> sequence(depth);
            case UN_SEQUENCE -> h.inImplicitLittleEndian(() -> sequence(depth));
            case FRAGMENTS -> fragments(end);
        }
    }

    private void skipValue(long length, long end) throws IOException {
        if (end >= 0 && in.position() + length > end) {
            throw h.error("value length " + length + " runs past the end of the enclosing item at offset " + end);
        }
        long before = in.position();
        try {
            in.skip(length);
        } catch (EOFException e) {
            throw h.error(
                    "truncated: value length " + length + " but only " + (in.position() - before) + " bytes followed",
                    e);
        }
    }

    private void sequence(int depth) throws IOException {
        if (depth >= DatasetReader.MAX_DEPTH) {
            throw h.error("sequences nested deeper than " + DatasetReader.MAX_DEPTH + " levels");
        }
        while (true) {
            int itemTag = h.readItemHeader();
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item) {
                throw h.error("expected an item tag (FFFE,E000) or a sequence delimiter");
            }
            if (h.length == ElementHeaders.UNDEFINED) {
                dataset(-1, true, depth + 1);
            } else {
                // a defined-length item inside an undefined-length sequence: its elements must end with it
                long itemEnd = in.position() + (h.length & 0xFFFFFFFFL);
                dataset(itemEnd, false, depth + 1);
            }
        }
    }

    private void fragments(long end) throws IOException {
        while (true) {
            int itemTag = h.readItemHeader();
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item) {
                throw h.error("expected a fragment item (FFFE,E000) in encapsulated pixel data");
            }
            if (h.length == ElementHeaders.UNDEFINED) {
                throw h.error("fragment item with undefined length");
            }
            skipValue(h.length & 0xFFFFFFFFL, end);
        }
    }
}
