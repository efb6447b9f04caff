package org.myoscreen.dicom;

import java.io.IOException;
import java.util.OptionalInt;
import org.myoscreen.dicom.internal.DicomInput;

/**
 * The element and item header rules shared by {@link DatasetReader} and {@link DatasetStructure}: tag, VR and
 * length in Explicit or Implicit VR, little or big endian (PS3.5 7.1.1 to 7.1.3), items and delimiters (7.5),
 * what an undefined length may hold, and where the last header started, for exception messages.
 *
 * <p>A mutable cursor rather than a record per header: the structure check runs on the C-STORE path and reads
 * no header into a new object. One per stream; not thread-safe.
 */
final class ElementHeaders {

    static final int UNDEFINED = 0xFFFFFFFF;

    /** What a value of undefined length holds, from its tag and VR. */
    enum Undefined {
        /** Items in the current encoding. */
        SEQUENCE,
        /** An Explicit VR UN: items in Implicit VR Little Endian (PS3.5 6.2.2). */
        UN_SEQUENCE,
        /** Encapsulated fragments (PS3.5 A.4). */
        FRAGMENTS
    }

    /** A step run in another encoding. */
    interface Body {
        void run() throws IOException;
    }

    final DicomInput in;
    private final String source;
    boolean explicitVr;
    boolean bigEndian;
    /** Stream offset of the element or item being read. */
    long offset;

    private int tag;
    private boolean haveTag;
    /** Length field of the last item header read; {@link #UNDEFINED} for an undefined length. */
    int length;

    ElementHeaders(DicomInput in, String source, TransferSyntax ts) {
        this.in = in;
        this.source = source;
        this.explicitVr = ts.explicitVr();
        this.bigEndian = ts.bigEndian();
    }

    DicomParseException error(String problem) {
        return error(problem, null);
    }

    DicomParseException error(String problem, Throwable cause) {
        return new DicomParseException(
                source, offset, haveTag ? OptionalInt.of(tag) : OptionalInt.empty(), problem, cause);
    }

    /**
     * Marks the start of a data element, whose tag is not known yet.
     *
     * @param end where the enclosing item of defined length ends, or -1
     * @return true when that item ends here, so there is no element to read
     * @throws DicomParseException when the last element ran past {@code end}
     */
    boolean startElement(long end) {
        offset = in.position();
        haveTag = false;
        if (end >= 0) {
            if (offset == end) {
                return true;
            }
            if (offset > end) {
                throw error("element runs past the end of its item at offset " + end);
            }
        }
        return false;
    }

    /** Reads a tag with no delimiter checks. */
    int readTag() throws IOException {
        int group = in.readUnsignedShort(bigEndian);
        int element = in.readUnsignedShort(bigEndian);
        tag = (group << 16) | element;
        haveTag = true;
        return tag;
    }

    /**
     * Reads the tag of a data element of a dataset or item.
     *
     * @return the tag, or {@link Tag#ItemDelimitationItem} (its length read too) where an item of undefined
     *     length ends
     */
    int readElementTag(boolean undefinedItem) throws IOException {
        int t = readTag();
        if (t == Tag.ItemDelimitationItem) {
            in.readInt(bigEndian);
            if (undefinedItem) {
                return t;
            }
            throw error("item delimitation item outside an item of undefined length");
        }
        if (t == Tag.Item || t == Tag.SequenceDelimitationItem) {
            throw error("item or sequence delimiter where a data element was expected");
        }
        return t;
    }

    /**
     * Reads the VR after an element's tag (PS3.5 7.1.2); in Implicit VR (7.1.3) there is none to read.
     *
     * @param implicitVr the element's VR in Implicit VR, looked up by the caller; unused (null) in Explicit VR
     * @return the VR
     */
    VR readVr(VR implicitVr) throws IOException {
        return explicitVr ? in.readExplicitVr().orElseThrow(() -> error(in.describeVrBytes())) : implicitVr;
    }

    /**
     * Reads the value length after the VR: 2 or 4 bytes by VR in Explicit VR (PS3.5 Tables 7.1-1 and 7.1-2),
     * always 4 in Implicit VR. Returned, not kept in {@link #length}: the element walk keeps it in a register.
     *
     * @return the length field; {@link #UNDEFINED} for an undefined length
     */
    int readLength(VR vr) throws IOException {
        return explicitVr ? in.readExplicitLength(vr, bigEndian) : in.readInt(bigEndian);
    }

    /**
     * Reads an item or delimiter header (tag and 4-byte length, always; PS3.5 7.5), its length into
     * {@link #length}, marking its offset.
     *
     * @return its tag
     */
    int readItemHeader() throws IOException {
        offset = in.position();
        int t = readTag();
        length = in.readInt(bigEndian);
        return t;
    }

    /** What the value of undefined length of an element with this tag and VR holds. */
    Undefined undefinedLength(int elementTag, VR vr) {
        if (vr == VR.SQ || (!explicitVr && elementTag != Tag.PixelData)) {
            return Undefined.SEQUENCE;
        }
        if (vr == VR.UN) {
            return Undefined.UN_SEQUENCE;
        }
        if (vr == VR.OB || vr == VR.OW || elementTag == Tag.PixelData) {
            return Undefined.FRAGMENTS;
        }
        throw error("undefined length for VR " + vr);
    }

    /** Runs {@code body} in Implicit VR Little Endian, as the items of a UN of undefined length are. */
    void inImplicitLittleEndian(Body body) throws IOException {
        boolean savedExplicit = explicitVr;
        boolean savedBigEndian = bigEndian;
        explicitVr = false;
        bigEndian = false;
        try {
            body.run();
        } finally {
            explicitVr = savedExplicit;
            bigEndian = savedBigEndian;
        }
    }
}
