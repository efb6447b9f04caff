package org.myoscreen.dicom.net.internal.service;

import java.io.InputStream;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.net.DicomNetException;

/**
 * What a C-STORE SCU needs from a Part 10 file (PS3.10 7.1): SOP class and instance from the File
 * Meta Information, the transfer syntax the dataset is really in, and the dataset bytes as a
 * stream to send on unparsed. Reading is the {@code dicom} module's {@link Part10Reader}.
 *
 * @param dataset the raw dataset after the meta information; valid while the file's stream is open
 */
public record Part10Header(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, InputStream dataset) {

    /**
     * Reads preamble and meta information, leaving {@link #dataset()} at the first dataset byte.
     *
     * @throws DicomNetException when the file is malformed or its meta information lacks the SOP
     *     class or instance UID (not retriable)
     */
    public static Part10Header read(InputStream in, String source) {
        try {
            Part10Reader reader = new Part10Reader(in, source);
            Attributes meta = reader.readFileMetaInformation();
            String sopClass = meta.getString(Tag.MediaStorageSOPClassUID, "");
            String sopInstance = meta.getString(Tag.MediaStorageSOPInstanceUID, "");
            if (sopClass.isEmpty() || sopInstance.isEmpty()) {
                throw new DicomNetException(
                        source + ": File Meta Information lacks Media Storage SOP Class or "
                                + "Instance UID (0002,0002)/(0002,0003)",
                        false);
            }
            String ts = reader.transferSyntax().uid();
            return new Part10Header(sopClass, sopInstance, ts, reader.datasetStream());
        } catch (DicomException e) {
            throw new DicomNetException(source + ": not a readable DICOM Part 10 file: " + e.getMessage(), false, e);
        }
    }
}
