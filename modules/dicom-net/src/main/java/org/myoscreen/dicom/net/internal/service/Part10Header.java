package org.myoscreen.dicom.net.internal.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetReader;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.DicomNetException;

/**
 * The three facts a C-STORE SCU needs from a Part 10 file's meta information (PS3.10 7.1), read so
 * that the stream is left at the first byte of the dataset, which is then sent as it is.
 */
public record Part10Header(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
    private static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    private static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    private static final int TRANSFER_SYNTAX_UID = 0x00020010;

    /**
     * Reads preamble, "DICM" and the File Meta Information group.
     *
     * @throws DicomNetException when the file is not Part 10 or lacks the three UIDs
     */
    public static Part10Header read(InputStream in, String source) throws IOException {
        byte[] head = in.readNBytes(128 + 4 + 12);
        if (head.length < 144 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
            throw new DicomNetException(source + ": not a DICOM Part 10 file (no preamble and DICM prefix)", false);
        }
        // (0002,0000) UL, explicit VR little endian: tag 4, VR 2, length 2, value 4
        if (head[132] != 0x02 || head[133] != 0x00 || head[134] != 0x00 || head[135] != 0x00
                || head[136] != 'U' || head[137] != 'L') {
            throw new DicomNetException(source + ": File Meta Information Group Length (0002,0000) missing", false);
        }
        long groupLength = (head[140] & 0xFFL) | (head[141] & 0xFFL) << 8 | (head[142] & 0xFFL) << 16
                | (head[143] & 0xFFL) << 24;
        if (groupLength > 1 << 20) {
            throw new DicomNetException(source + ": implausible File Meta Information length " + groupLength, false);
        }
        byte[] meta = in.readNBytes((int) groupLength);
        if (meta.length < groupLength) {
            throw new DicomNetException(source + ": truncated File Meta Information", false);
        }
        Attributes attrs = new DatasetReader(new ByteArrayInputStream(meta), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                source).read();
        String[] uids = {attrs.getString(MEDIA_STORAGE_SOP_CLASS_UID, ""),
                attrs.getString(MEDIA_STORAGE_SOP_INSTANCE_UID, ""), attrs.getString(TRANSFER_SYNTAX_UID, "")};
        if (Arrays.stream(uids).anyMatch(String::isEmpty)) {
            throw new DicomNetException(source + ": File Meta Information lacks SOP class, instance or transfer "
                    + "syntax UID", false);
        }
        return new Part10Header(uids[0], uids[1], uids[2]);
    }
}
