package org.myoscreen.dicom.net.internal.pdu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes one PDU's variable field (PS3.8 section 9.3). Any structural violation raises
 * {@link PduDecodeException}, which the Upper Layer treats as Evt19 (invalid PDU).
 * Unknown items in association PDUs are skipped, unknown user-information sub-items kept raw.
 */
public final class PduDecoder {
    private PduDecoder() {}

    /**
     * Decodes a PDU body. For P-DATA-TF the returned PDVs reference {@code body} (no copy).
     *
     * @param type PDU-type byte from the header
     * @param body buffer holding the variable field in {@code [0, length)}
     */
    public static Pdu decode(int type, byte[] body, int length) {
        Cursor c = new Cursor(body, 0, length);
        return switch (type) {
            case PduType.A_ASSOCIATE_RQ, PduType.A_ASSOCIATE_AC -> associate(type, c);
            case PduType.A_ASSOCIATE_RJ -> {
                fixedLength(type, length);
                c.u8();
                yield new AAssociateRj(c.u8(), c.u8(), c.u8());
            }
            case PduType.P_DATA_TF -> pData(c);
            case PduType.A_RELEASE_RQ -> {
                fixedLength(type, length);
                yield new AReleaseRq();
            }
            case PduType.A_RELEASE_RP -> {
                fixedLength(type, length);
                yield new AReleaseRp();
            }
            case PduType.A_ABORT -> {
                fixedLength(type, length);
                c.u8();
                c.u8();
                yield new AAbort(c.u8(), c.u8());
            }
            default ->
                throw new PduDecodeException(
                        "unrecognized PDU type 0x" + Integer.toHexString(type), AAbort.REASON_UNRECOGNIZED_PDU, 0);
        };
    }

    private static void fixedLength(int type, int length) {
        if (length != 4) {
            throw new PduDecodeException(
                    "PDU type 0x" + Integer.toHexString(type) + " must have length 4, has " + length,
                    AAbort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    2);
        }
    }

    private static PDataTf pData(Cursor c) {
        List<Pdv> pdvs = new ArrayList<>(2);
        while (c.remaining() > 0) {
            long itemLength = c.u32();
            if (itemLength < 2 || itemLength > c.remaining()) {
                throw c.fail("PDV item length " + itemLength + " invalid with " + c.remaining() + " bytes left");
            }
            int pcid = c.u8();
            int mch = c.u8();
            if (pcid % 2 == 0) {
                throw c.fail("PDV presentation context id " + pcid + " is not odd");
            }
            int valueLength = (int) itemLength - 2;
            pdvs.add(new Pdv(pcid, mch & 3, c.buf, c.pos, valueLength));
            c.pos += valueLength;
        }
        if (pdvs.isEmpty()) {
            throw c.fail("P-DATA-TF without PDV items");
        }
        return new PDataTf(pdvs);
    }

    private static Pdu associate(int type, Cursor c) {
        int version = c.u16();
        c.u16();
        String called = c.ascii(16).strip();
        String calling = c.ascii(16).strip();
        c.skip(32);
        String appContext = null;
        List<PresentationContextRq> rqContexts = new ArrayList<>();
        List<PresentationContextAc> acContexts = new ArrayList<>();
        UserInformation ui = null;
        while (c.remaining() > 0) {
            int itemType = c.u8();
            c.u8();
            int itemLength = c.u16();
            Cursor item = c.sub(itemLength);
            switch (itemType) {
                case PduType.ITEM_APPLICATION_CONTEXT -> appContext = item.uid(itemLength);
                case PduType.ITEM_PRESENTATION_CONTEXT_RQ -> {
                    if (type != PduType.A_ASSOCIATE_RQ) {
                        throw item.fail("presentation context RQ item in A-ASSOCIATE-AC");
                    }
                    rqContexts.add(presentationContextRq(item));
                }
                case PduType.ITEM_PRESENTATION_CONTEXT_AC -> {
                    if (type != PduType.A_ASSOCIATE_AC) {
                        throw item.fail("presentation context AC item in A-ASSOCIATE-RQ");
                    }
                    acContexts.add(presentationContextAc(item));
                }
                case PduType.ITEM_USER_INFORMATION -> ui = userInformation(item);
                default -> {
                    // PS3.8 9.3.1: items of unknown type are ignored, not a protocol error
                }
            }
        }
        if (appContext == null) {
            throw c.fail("no application context item");
        }
        if (ui == null) {
            throw c.fail("no user information item");
        }
        return type == PduType.A_ASSOCIATE_RQ
                ? new AAssociateRq(version, called, calling, appContext, rqContexts, ui)
                : new AAssociateAc(version, called, calling, appContext, acContexts, ui);
    }

    private static PresentationContextRq presentationContextRq(Cursor c) {
        int id = c.u8();
        c.skip(3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (c.remaining() > 0) {
            int subType = c.u8();
            c.u8();
            int len = c.u16();
            Cursor sub = c.sub(len);
            if (subType == PduType.ITEM_ABSTRACT_SYNTAX) {
                abstractSyntax = sub.uid(len);
            } else if (subType == PduType.ITEM_TRANSFER_SYNTAX) {
                transferSyntaxes.add(sub.uid(len));
            } else {
                throw sub.fail("unexpected sub-item 0x" + Integer.toHexString(subType) + " in presentation context");
            }
        }
        if (abstractSyntax == null) {
            throw c.fail("presentation context " + id + " without abstract syntax");
        }
        if (transferSyntaxes.isEmpty()) {
            throw c.fail("presentation context " + id + " without transfer syntax");
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAc presentationContextAc(Cursor c) {
        int id = c.u8();
        c.u8();
        int result = c.u8();
        c.u8();
        String ts = "";
        while (c.remaining() > 0) {
            int subType = c.u8();
            c.u8();
            int len = c.u16();
            Cursor sub = c.sub(len);
            if (subType == PduType.ITEM_TRANSFER_SYNTAX) {
                ts = sub.uid(len);
            } else {
                throw sub.fail("unexpected sub-item 0x" + Integer.toHexString(subType) + " in presentation context");
            }
        }
        if (result == PresentationContextAc.ACCEPTANCE && ts.isEmpty()) {
            throw c.fail("accepted presentation context " + id + " without transfer syntax");
        }
        return new PresentationContextAc(id, result, ts);
    }

    private static UserInformation userInformation(Cursor c) {
        long maxLength = -1;
        String classUid = "";
        Optional<String> versionName = Optional.empty();
        Optional<UserInformation.AsynchronousOperationsWindow> window = Optional.empty();
        List<RoleSelection> roles = new ArrayList<>();
        List<UserInformation.RawItem> others = new ArrayList<>();
        while (c.remaining() > 0) {
            int subType = c.u8();
            c.u8();
            int len = c.u16();
            Cursor sub = c.sub(len);
            switch (subType) {
                case PduType.SUB_ITEM_MAXIMUM_LENGTH -> {
                    if (len != 4) {
                        throw sub.fail("maximum length sub-item of length " + len);
                    }
                    maxLength = sub.u32();
                }
                case PduType.SUB_ITEM_IMPLEMENTATION_CLASS_UID -> classUid = sub.uid(len);
                case PduType.SUB_ITEM_IMPLEMENTATION_VERSION_NAME -> versionName = Optional.of(sub.uid(len));
                case PduType.SUB_ITEM_ASYNCHRONOUS_OPERATIONS_WINDOW -> {
                    if (len != 4) {
                        throw sub.fail("asynchronous operations window sub-item of length " + len);
                    }
                    window = Optional.of(new UserInformation.AsynchronousOperationsWindow(sub.u16(), sub.u16()));
                }
                case PduType.SUB_ITEM_ROLE_SELECTION -> {
                    int uidLength = sub.u16();
                    String uid = sub.sub(uidLength).uid(uidLength);
                    roles.add(new RoleSelection(uid, sub.u8(), sub.u8()));
                }
                default -> others.add(new UserInformation.RawItem(subType, sub.bytes(len)));
            }
        }
        if (maxLength < 0) {
            // PS3.7 D.3.3.1 makes the sub-item mandatory; be lenient and treat absence as "no limit"
            maxLength = 0;
        }
        return new UserInformation(maxLength, classUid, versionName, window, roles, others);
    }

    /** A bounded big-endian reader over a byte array. */
    private static final class Cursor {
        final byte[] buf;
        int pos;
        final int end;

        Cursor(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        private void need(int n) {
            if (n > end - pos) {
                throw fail("need " + n + " bytes, " + (end - pos) + " left");
            }
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = ((long) (buf[pos] & 0xFF) << 24)
                    | ((buf[pos + 1] & 0xFF) << 16)
                    | ((buf[pos + 2] & 0xFF) << 8)
                    | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String ascii(int n) {
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.US_ASCII);
            pos += n;
            return s;
        }

        /** A UID or name: trailing NUL padding and spaces are not significant. */
        String uid(int n) {
            String s = ascii(n);
            int e = s.length();
            while (e > 0 && (s.charAt(e - 1) == 0 || s.charAt(e - 1) == ' ')) {
                e--;
            }
            return s.substring(0, e);
        }

        Cursor sub(int n) {
            need(n);
            Cursor c = new Cursor(buf, pos, pos + n);
            pos += n;
            return c;
        }

        PduDecodeException fail(String message) {
            return new PduDecodeException(message, AAbort.REASON_INVALID_PDU_PARAMETER_VALUE, pos);
        }
    }
}
