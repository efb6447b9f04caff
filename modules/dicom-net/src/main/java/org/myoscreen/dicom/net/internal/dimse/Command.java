package org.myoscreen.dicom.net.internal.dimse;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DatasetReader;
import org.myoscreen.dicom.DatasetWriter;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.VR;

/**
 * A DIMSE command set (PS3.7 section 9.3 and Annex E): group 0000 elements, always encoded in
 * Implicit VR Little Endian with Command Group Length (0000,0000) first. Encoding and decoding go
 * through the {@code dicom} module's dataset codec; this class only knows the command fields.
 */
public final class Command {
    public static final int COMMAND_GROUP_LENGTH = 0x00000000;
    public static final int AFFECTED_SOP_CLASS_UID = 0x00000002;
    public static final int COMMAND_FIELD = 0x00000100;
    public static final int MESSAGE_ID = 0x00000110;
    public static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x00000120;
    public static final int PRIORITY = 0x00000700;
    public static final int COMMAND_DATA_SET_TYPE = 0x00000800;
    public static final int STATUS = 0x00000900;
    public static final int ERROR_COMMENT = 0x00000902;
    public static final int AFFECTED_SOP_INSTANCE_UID = 0x00001000;

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    /** C-CANCEL-RQ: has no response, and carries Message ID Being Responded To instead of a Message ID. */
    public static final int C_CANCEL_RQ = 0x0FFF;
    /** Command Data Set Type value meaning "no dataset" (PS3.7 E.1-1). */
    public static final int NO_DATASET = 0x0101;
    /** Any other value means a dataset follows; 0x0000 is what most implementations send. */
    public static final int DATASET_PRESENT = 0x0000;
    /** Error Comment is LO: at most 64 characters. */
    public static final int ERROR_COMMENT_MAX = 64;

    private final Attributes attributes;

    private Command(Attributes attributes) {
        this.attributes = attributes;
    }

    public static Command cEchoRq(int messageId, String sopClassUid) {
        Attributes a = new Attributes();
        a.setString(AFFECTED_SOP_CLASS_UID, VR.UI, sopClassUid);
        a.setInt(COMMAND_FIELD, VR.US, C_ECHO_RQ);
        a.setInt(MESSAGE_ID, VR.US, messageId);
        a.setInt(COMMAND_DATA_SET_TYPE, VR.US, NO_DATASET);
        return new Command(a);
    }

    public static Command cStoreRq(int messageId, String sopClassUid, String sopInstanceUid, int priority) {
        Attributes a = new Attributes();
        a.setString(AFFECTED_SOP_CLASS_UID, VR.UI, sopClassUid);
        a.setInt(COMMAND_FIELD, VR.US, C_STORE_RQ);
        a.setInt(MESSAGE_ID, VR.US, messageId);
        a.setInt(PRIORITY, VR.US, priority);
        a.setInt(COMMAND_DATA_SET_TYPE, VR.US, DATASET_PRESENT);
        a.setString(AFFECTED_SOP_INSTANCE_UID, VR.UI, sopInstanceUid);
        return new Command(a);
    }

    /**
     * A response to {@code request}: command field with the response bit, the request's message
     * id and affected SOP class/instance echoed, no dataset.
     */
    public static Command response(Command request, int status, Optional<String> errorComment) {
        Attributes a = new Attributes();
        request.affectedSopClassUid().ifPresent(uid -> a.setString(AFFECTED_SOP_CLASS_UID, VR.UI, uid));
        a.setInt(COMMAND_FIELD, VR.US, request.commandField() | 0x8000);
        a.setInt(MESSAGE_ID_BEING_RESPONDED_TO, VR.US, request.messageId());
        a.setInt(COMMAND_DATA_SET_TYPE, VR.US, NO_DATASET);
        a.setInt(STATUS, VR.US, status);
        errorComment.filter(c -> !c.isBlank()).ifPresent(c -> a.setString(ERROR_COMMENT, VR.LO, errorCommentValue(c)));
        request.affectedSopInstanceUid().ifPresent(uid -> a.setString(AFFECTED_SOP_INSTANCE_UID, VR.UI, uid));
        return new Command(a);
    }

    /** Cut to LO's 64 characters and stripped of characters LO does not allow (backslash, controls). */
    static String errorCommentValue(String comment) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < comment.length() && b.length() < ERROR_COMMENT_MAX; i++) {
            char c = comment.charAt(i);
            b.append(c < 0x20 || c == '\\' || c > 0x7E ? ' ' : c);
        }
        return b.toString().strip();
    }

    /** The command set bytes, Implicit VR Little Endian, group length first. */
    public byte[] encode() {
        attributes.remove(COMMAND_GROUP_LENGTH);
        byte[] body = DatasetWriter.toBytes(attributes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        // The dataset writer leaves group length elements out (PS3.5 7.2 lets datasets omit them),
        // but PS3.7 E.1 requires Command Group Length first: tag (0000,0000), length 4, UL value.
        ByteArrayOutputStream out = new ByteArrayOutputStream(12 + body.length);
        out.writeBytes(new byte[] {0, 0, 0, 0, 4, 0, 0, 0});
        out.writeBytes(new byte[] {
            (byte) body.length, (byte) (body.length >>> 8), (byte) (body.length >>> 16), (byte) (body.length >>> 24)
        });
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Parses a command set received in command PDVs. */
    public static Command decode(byte[] bytes, int length, String source) {
        Attributes a = DatasetReader.of(bytes, 0, length, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, source)
                .read();
        return new Command(a);
    }

    /**
     * A US element of the command set with exactly one value (two bytes), as PS3.7 E.1 defines Command Field, Message
     * ID and Command Data Set Type; empty when it is missing or carries any other length, which is not a value a
     * response could be built from.
     */
    public java.util.OptionalInt strictUs(int tag) {
        // sequences and fragments have no value bytes: length() is 0 for them
        return attributes.get(tag).filter(e -> e.length() == 2).isPresent()
                ? attributes.getInt(tag)
                : java.util.OptionalInt.empty();
    }

    public int commandField() {
        return attributes.getInt(COMMAND_FIELD, -1);
    }

    public int messageId() {
        return attributes.getInt(MESSAGE_ID, 0);
    }

    public int messageIdBeingRespondedTo() {
        return attributes.getInt(MESSAGE_ID_BEING_RESPONDED_TO, -1);
    }

    public int priority() {
        return attributes.getInt(PRIORITY, 0);
    }

    public boolean hasDataset() {
        return attributes.getInt(COMMAND_DATA_SET_TYPE, NO_DATASET) != NO_DATASET;
    }

    public int status() {
        return attributes.getInt(STATUS, -1);
    }

    public Optional<String> affectedSopClassUid() {
        return attributes.getString(AFFECTED_SOP_CLASS_UID);
    }

    public Optional<String> affectedSopInstanceUid() {
        return attributes.getString(AFFECTED_SOP_INSTANCE_UID);
    }

    public Optional<String> errorComment() {
        return attributes.getString(ERROR_COMMENT);
    }

    @Override
    public String toString() {
        return String.format("Command[field=0x%04X, messageId=%d, status=%d]", commandField(), messageId(), status());
    }
}
