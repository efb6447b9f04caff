package org.myoscreen.dicom.net.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.Pdu;
import org.myoscreen.dicom.net.internal.pdu.PduEncoder;
import org.myoscreen.dicom.net.internal.pdu.PduReader;
import org.myoscreen.dicom.net.internal.pdu.PduType;
import org.myoscreen.dicom.net.internal.pdu.Pdv;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.internal.pdu.UserInformation;

/** A hand-driven requestor speaking raw PDUs, for protocol situations real tools do not produce. */
public final class ScriptedPeer implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final PduReader reader;

    public ScriptedPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000); // hang detector
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        reader = new PduReader(in, 1 << 20);
    }

    public static AAssociateRq request(String called, int maxPduLength, PresentationContextRq... contexts) {
        return new AAssociateRq(
                1,
                called,
                "SCRIPTED",
                PduType.DICOM_APPLICATION_CONTEXT,
                List.of(contexts),
                new UserInformation(
                        maxPduLength, "2.25.42", Optional.of("SCRIPTED"), Optional.empty(), List.of(), List.of()));
    }

    public void send(Pdu pdu) throws IOException {
        out.write(PduEncoder.encode(pdu));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendPdv(int pcid, boolean command, boolean last, byte[] value) throws IOException {
        send(new PDataTf(List.of(Pdv.of(pcid, command, last, value))));
    }

    public Pdu receive() throws IOException {
        return reader.read();
    }

    /** Reads PDUs until the acceptor closes; returns them all re-encoded (P-DATA copies its values). */
    public List<Pdu> receiveUntilClosed() throws IOException {
        List<Pdu> pdus = new java.util.ArrayList<>();
        while (true) {
            try {
                Pdu p = reader.read();
                pdus.add(p instanceof PDataTf d ? copy(d) : p);
            } catch (java.io.EOFException e) {
                return pdus;
            } catch (java.net.SocketException e) {
                return pdus;
            }
        }
    }

    private static PDataTf copy(PDataTf d) {
        return new PDataTf(d.pdvs().stream()
                .map(p -> new Pdv(p.presentationContextId(), p.messageControlHeader(), p.value(), 0, p.length()))
                .toList());
    }

    /** Concatenated value bytes of the command PDVs in a P-DATA-TF. */
    public static byte[] commandBytes(PDataTf p) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        p.pdvs().stream().filter(Pdv::command).forEach(v -> b.writeBytes(v.value()));
        return b.toByteArray();
    }

    /** Replaces the 30 s hang detector on reads. */
    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
