package org.myoscreen.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.myoscreen.dicom.internal.LittleEndianOutput;

/**
 * Writes a bare dataset (no preamble, no file meta information) in Explicit or Implicit VR Little Endian, or
 * Deflated Explicit VR Little Endian (PS3.5 sections 7 and 8, annexes A.1, A.2, A.4, A.5).
 *
 * <p>Encoding rules applied:
 * <ul>
 *   <li>Values of odd length are padded to even length: space for strings, NUL for UI and binary VRs
 *       (PS3.5 section 7.1.1).</li>
 *   <li>Every sequence and every item is written with undefined length and delimitation items
 *       (PS3.5 section 7.5.2), so the output needs no look-ahead and is consistent.</li>
 *   <li>Encapsulated Pixel Data is written as items of undefined-length OB (PS3.5 annex A.4); it needs an
 *       encapsulated transfer syntax.</li>
 *   <li>In Explicit VR a value longer than 65534 bytes of a VR with a 2-byte length field is written as UN
 *       (PS3.5 section 6.2.2).</li>
 *   <li>File meta elements (group 0002) and group length elements (gggg,0000), retired in datasets
 *       (PS3.5 section 7.2), are not written.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless); the dataset must not change while it is written. I/O failures raise
 * {@link UncheckedIOException}; an unsupported transfer syntax raises {@link DicomException}.
 */
public final class DatasetWriter {

    private static final int UNDEFINED = 0xFFFFFFFF;

    private DatasetWriter() {}

    /**
     * Writes a dataset to a stream, which is flushed but not closed.
     *
     * @param ds the dataset
     * @param ts Implicit VR LE, Explicit VR LE, Deflated Explicit VR LE, or an encapsulated syntax (Explicit VR LE)
     * @param out the target
     * @throws DicomException for Explicit VR Big Endian, or fragments with a native syntax
     * @throws UncheckedIOException when the stream fails
     */
    public static void write(Attributes ds, TransferSyntax ts, OutputStream out) {
        write(ds, ts, out, 65536);
    }

    private static void write(Attributes ds, TransferSyntax ts, OutputStream out, int bufferBytes) {
        if (ts.bigEndian()) {
            throw new DicomException("writing Explicit VR Big Endian is not supported (retired, PS3.5 annex A.3)");
        }
        try {
            if (ts.deflated()) {
                Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater, 65536);
                LittleEndianOutput le = new LittleEndianOutput(deflating);
                writeDataset(ds, ts, le, false);
                le.flush();
                deflating.finish();
                deflater.end();
                out.flush();
            } else {
                LittleEndianOutput le = new LittleEndianOutput(out, bufferBytes);
                writeDataset(ds, ts, le, false);
                le.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dataset: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes a dataset into a byte array.
     *
     * @param ds the dataset
     * @param ts the transfer syntax (see {@link #write(Attributes, TransferSyntax, OutputStream)})
     * @return the encoded bytes
     * @throws DicomException for unsupported syntaxes
     */
    public static byte[] toBytes(Attributes ds, TransferSyntax ts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(ds, ts, out, 4096); // the byte array is the buffer; this one only gathers small writes
        return out.toByteArray();
    }

    /** Writes the group 0002 elements of {@code meta} in Explicit VR LE, without (0002,0000). */
    static byte[] metaElements(Attributes meta) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            LittleEndianOutput le = new LittleEndianOutput(bytes, 1024);
            writeDataset(meta, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, le, true);
            le.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDataset(Attributes ds, TransferSyntax ts, LittleEndianOutput out, boolean meta)
            throws IOException {
        for (DataElement e : ds) {
            int tag = e.tag();
            if (Tag.element(tag) == 0 || (Tag.group(tag) == 2) != meta) {
                continue;
            }
            writeElement(e, ts, out);
        }
    }

    private static void writeElement(DataElement e, TransferSyntax ts, LittleEndianOutput out) throws IOException {
        int tag = e.tag();
        if (e.isSequence()) {
            header(out, tag, VR.SQ, UNDEFINED, ts.explicitVr());
            for (Attributes item : e.items()) {
                out.writeTag(Tag.Item);
                out.writeInt(UNDEFINED);
                writeDataset(item, ts, out, false);
                out.writeTag(Tag.ItemDelimitationItem);
                out.writeInt(0);
            }
            out.writeTag(Tag.SequenceDelimitationItem);
            out.writeInt(0);
            return;
        }
        if (e.isFragments()) {
            if (!ts.encapsulated()) {
                throw new DicomException("encapsulated " + Tag.toString(tag)
                        + " needs an encapsulated transfer syntax, not " + ts.uid());
            }
            Fragments f = e.fragments().orElseThrow();
            header(out, tag, VR.OB, UNDEFINED, true);
            item(out, f.basicOffsetTable());
            for (byte[] fragment : f.fragments()) {
                item(out, fragment);
            }
            out.writeTag(Tag.SequenceDelimitationItem);
            out.writeInt(0);
            return;
        }
        byte[] value = e.raw();
        int length = value.length + (value.length & 1);
        VR vr = e.vr();
        if (ts.explicitVr() && !vr.explicitLongLength() && length > 0xFFFF) {
            vr = VR.UN;
        }
        header(out, tag, vr, length, ts.explicitVr());
        out.write(value, 0, value.length);
        if (length != value.length) {
            out.writeByte(e.vr().paddingByte());
        }
    }

    private static void item(LittleEndianOutput out, byte[] value) throws IOException {
        out.writeTag(Tag.Item);
        out.writeInt(value.length + (value.length & 1));
        out.write(value, 0, value.length);
        if ((value.length & 1) == 1) {
            out.writeByte(0);
        }
    }

    static void header(LittleEndianOutput out, int tag, VR vr, int length, boolean explicitVr) throws IOException {
        out.writeTag(tag);
        if (!explicitVr) {
            out.writeInt(length);
            return;
        }
        int code = vr.code();
        out.writeByte(code >>> 8);
        out.writeByte(code);
        if (vr.explicitLongLength()) {
            out.writeShort(0);
            out.writeInt(length);
        } else {
            out.writeShort(length);
        }
    }
}
