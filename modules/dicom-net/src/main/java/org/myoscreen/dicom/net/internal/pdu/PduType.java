package org.myoscreen.dicom.net.internal.pdu;

/** PDU-type and item-type codes of PS3.8 section 9.3 and Annex D, defined once. */
public final class PduType {
    public static final int A_ASSOCIATE_RQ = 0x01;
    public static final int A_ASSOCIATE_AC = 0x02;
    public static final int A_ASSOCIATE_RJ = 0x03;
    public static final int P_DATA_TF = 0x04;
    public static final int A_RELEASE_RQ = 0x05;
    public static final int A_RELEASE_RP = 0x06;
    public static final int A_ABORT = 0x07;

    public static final int ITEM_APPLICATION_CONTEXT = 0x10;
    public static final int ITEM_PRESENTATION_CONTEXT_RQ = 0x20;
    public static final int ITEM_PRESENTATION_CONTEXT_AC = 0x21;
    public static final int ITEM_ABSTRACT_SYNTAX = 0x30;
    public static final int ITEM_TRANSFER_SYNTAX = 0x40;
    public static final int ITEM_USER_INFORMATION = 0x50;
    public static final int SUB_ITEM_MAXIMUM_LENGTH = 0x51;
    public static final int SUB_ITEM_IMPLEMENTATION_CLASS_UID = 0x52;
    public static final int SUB_ITEM_ASYNCHRONOUS_OPERATIONS_WINDOW = 0x53;
    public static final int SUB_ITEM_ROLE_SELECTION = 0x54;
    public static final int SUB_ITEM_IMPLEMENTATION_VERSION_NAME = 0x55;

    /** The DICOM Application Context Name (PS3.7 Annex A.2.1). */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    private PduType() {}
}
