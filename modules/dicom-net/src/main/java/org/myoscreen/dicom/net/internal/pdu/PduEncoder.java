package org.myoscreen.dicom.net.internal.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Encodes PDUs to their exact PS3.8 section 9.3 byte form (all multi-byte fields big endian). */
public final class PduEncoder {
    private PduEncoder() {}

    /** The complete PDU: 6-byte header followed by its variable field. */
    public static byte[] encode(Pdu pdu) {
        Buf body = new Buf();
        if (pdu instanceof AAssociateRq rq) {
            associate(
                    body,
                    rq.protocolVersion(),
                    rq.calledAeTitle(),
                    rq.callingAeTitle(),
                    rq.applicationContextName(),
                    rq,
                    rq.userInformation());
        } else if (pdu instanceof AAssociateAc ac) {
            associate(
                    body,
                    ac.protocolVersion(),
                    ac.calledAeTitle(),
                    ac.callingAeTitle(),
                    ac.applicationContextName(),
                    ac,
                    ac.userInformation());
        } else if (pdu instanceof AAssociateRj rj) {
            body.u8(0).u8(rj.result()).u8(rj.source()).u8(rj.reason());
        } else if (pdu instanceof PDataTf p) {
            for (Pdv pdv : p.pdvs()) {
                body.u32(pdv.length() + 2L).u8(pdv.presentationContextId()).u8(pdv.messageControlHeader());
                body.out.write(pdv.buffer(), pdv.offset(), pdv.length());
            }
        } else if (pdu instanceof AAbort a) {
            body.u8(0).u8(0).u8(a.source()).u8(a.reason());
        } else {
            // A-RELEASE-RQ and A-RELEASE-RP: four reserved bytes
            body.u32(0);
        }
        byte[] value = body.out.toByteArray();
        Buf all = new Buf();
        all.u8(pdu.type()).u8(0).u32(value.length);
        all.out.write(value, 0, value.length);
        return all.out.toByteArray();
    }

    private static void associate(
            Buf b, int version, String called, String calling, String appContext, Pdu pdu, UserInformation ui) {
        b.u16(version).u16(0).ae(called).ae(calling);
        b.out.write(new byte[32], 0, 32);
        b.item(PduType.ITEM_APPLICATION_CONTEXT, ascii(appContext));
        if (pdu instanceof AAssociateRq rq) {
            for (PresentationContextRq pc : rq.presentationContexts()) {
                Buf item = new Buf().u8(pc.id()).u8(0).u8(0).u8(0);
                item.item(PduType.ITEM_ABSTRACT_SYNTAX, ascii(pc.abstractSyntax()));
                for (String ts : pc.transferSyntaxes()) {
                    item.item(PduType.ITEM_TRANSFER_SYNTAX, ascii(ts));
                }
                b.item(PduType.ITEM_PRESENTATION_CONTEXT_RQ, item.out.toByteArray());
            }
        } else if (pdu instanceof AAssociateAc ac) {
            for (PresentationContextAc pc : ac.presentationContexts()) {
                Buf item = new Buf().u8(pc.id()).u8(0).u8(pc.result()).u8(0);
                item.item(PduType.ITEM_TRANSFER_SYNTAX, ascii(pc.transferSyntax()));
                b.item(PduType.ITEM_PRESENTATION_CONTEXT_AC, item.out.toByteArray());
            }
        }
        b.item(PduType.ITEM_USER_INFORMATION, userInformation(ui));
    }

    private static byte[] userInformation(UserInformation ui) {
        Buf b = new Buf();
        b.item(
                PduType.SUB_ITEM_MAXIMUM_LENGTH,
                new Buf().u32(ui.maxPduLength()).out.toByteArray());
        if (!ui.implementationClassUid().isEmpty()) {
            b.item(PduType.SUB_ITEM_IMPLEMENTATION_CLASS_UID, ascii(ui.implementationClassUid()));
        }
        Optional<UserInformation.AsynchronousOperationsWindow> window = ui.asynchronousOperationsWindow();
        window.ifPresent(w -> b.item(
                PduType.SUB_ITEM_ASYNCHRONOUS_OPERATIONS_WINDOW,
                new Buf()
                        .u16(w.maxOperationsInvoked())
                        .u16(w.maxOperationsPerformed())
                        .out
                        .toByteArray()));
        for (RoleSelection role : ui.roleSelections()) {
            byte[] uid = ascii(role.sopClassUid());
            Buf item = new Buf().u16(uid.length);
            item.out.write(uid, 0, uid.length);
            item.u8(role.scuRole()).u8(role.scpRole());
            b.item(PduType.SUB_ITEM_ROLE_SELECTION, item.out.toByteArray());
        }
        ui.implementationVersionName()
                .ifPresent(name -> b.item(PduType.SUB_ITEM_IMPLEMENTATION_VERSION_NAME, ascii(name)));
        for (UserInformation.RawItem raw : ui.otherSubItems()) {
            b.item(raw.type(), raw.value());
        }
        return b.out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Big-endian byte sink; names say the field width. */
    private static final class Buf {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int v) {
            out.write(v);
            return this;
        }

        Buf u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Buf u32(long v) {
            out.write((int) (v >>> 24));
            out.write((int) (v >>> 16));
            out.write((int) (v >>> 8));
            out.write((int) v);
            return this;
        }

        Buf ae(String title) {
            byte[] field = new byte[16];
            java.util.Arrays.fill(field, (byte) ' ');
            byte[] t = ascii(title);
            System.arraycopy(t, 0, field, 0, Math.min(16, t.length));
            out.write(field, 0, 16);
            return this;
        }

        Buf item(int type, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException(
                        "item 0x" + Integer.toHexString(type) + " too long: " + value.length);
            }
            u8(type).u8(0).u16(value.length);
            out.write(value, 0, value.length);
            return this;
        }
    }
}
