package org.myoscreen.dicom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.myoscreen.dicom.internal.LittleEndianOutput;

/**
 * Writes DICOM files (PS3.10 section 7): a 128-byte zero preamble, "DICM", the file meta information
 * (group 0002 in Explicit VR Little Endian with a correct (0002,0000) group length, PS3.10 section 7.1) and
 * the dataset via {@link DatasetWriter}.
 *
 * <p>The meta information names {@link Implementation#CLASS_UID} and {@link Implementation#VERSION_NAME}.
 * Thread-safe (stateless). I/O failures raise {@link UncheckedIOException}; a dataset without SOP Class UID
 * (0008,0016) or SOP Instance UID (0008,0018) raises {@link DicomException}.
 */
public final class Part10Writer {

    private Part10Writer() {}

    /**
     * Writes a file, replacing any existing one. The file is not fsynced; callers that need durability do that.
     *
     * @param file the target path
     * @param dataset the dataset with SOP Class and Instance UIDs
     * @param ts the transfer syntax (see {@link DatasetWriter})
     */
    public static void write(Path file, Attributes dataset, TransferSyntax ts) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 65536)) {
            write(out, dataset, ts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a file to a stream, which is flushed but not closed.
     *
     * @param out the target
     * @param dataset the dataset with SOP Class and Instance UIDs
     * @param ts the transfer syntax (see {@link DatasetWriter})
     */
    public static void write(OutputStream out, Attributes dataset, TransferSyntax ts) {
        String sopClass = dataset.getString(Tag.SOPClassUID)
                .orElseThrow(() -> new DicomException("dataset has no SOP Class UID (0008,0016)"));
        String sopInstance = dataset.getString(Tag.SOPInstanceUID)
                .orElseThrow(() -> new DicomException("dataset has no SOP Instance UID (0008,0018)"));
        writeFileMetaInformation(out, sopClass, sopInstance, ts, "");
        DatasetWriter.write(dataset, ts, out);
    }

    /**
     * Writes preamble, "DICM" and the file meta information.
     *
     * @param out the target, flushed but not closed
     * @param sopClassUid Media Storage SOP Class UID (0002,0002)
     * @param sopInstanceUid Media Storage SOP Instance UID (0002,0003)
     * @param ts Transfer Syntax UID (0002,0010) of the dataset that follows
     * @param sourceAeTitle Source Application Entity Title (0002,0016); empty to leave it out
     */
    public static void writeFileMetaInformation(
            OutputStream out, String sopClassUid, String sopInstanceUid, TransferSyntax ts, String sourceAeTitle) {
        Attributes meta = new Attributes();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, ts.uid());
        meta.setString(Tag.ImplementationClassUID, VR.UI, Implementation.CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, Implementation.VERSION_NAME);
        if (!sourceAeTitle.isEmpty()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAeTitle);
        }
        writeFileMetaInformation(out, meta);
    }

    /**
     * Writes preamble, "DICM" and the given file meta information with a freshly computed group length.
     *
     * @param out the target, flushed but not closed
     * @param meta group 0002 elements; (0002,0000) is ignored and recomputed
     */
    public static void writeFileMetaInformation(OutputStream out, Attributes meta) {
        byte[] elements = DatasetWriter.metaElements(meta);
        try {
            LittleEndianOutput le = new LittleEndianOutput(out, 1024);
            le.write(new byte[128], 0, 128);
            le.write(new byte[] {'D', 'I', 'C', 'M'}, 0, 4);
            DatasetWriter.header(le, Tag.FileMetaInformationGroupLength, VR.UL, 4, true);
            le.writeInt(elements.length);
            le.write(elements, 0, elements.length);
            le.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write file meta information: " + e.getMessage(), e);
        }
    }
}
