package org.myoscreen.dicom.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.myoscreen.dicom.net.internal.dimse.Command;
import org.myoscreen.dicom.net.internal.pdu.AAbort;
import org.myoscreen.dicom.net.internal.pdu.AAssociateAc;
import org.myoscreen.dicom.net.internal.pdu.AReleaseRp;
import org.myoscreen.dicom.net.internal.pdu.AReleaseRq;
import org.myoscreen.dicom.net.internal.pdu.PDataTf;
import org.myoscreen.dicom.net.internal.pdu.Pdu;
import org.myoscreen.dicom.net.internal.pdu.Pdv;
import org.myoscreen.dicom.net.internal.pdu.PresentationContextRq;
import org.myoscreen.dicom.net.testing.RecordingHandler;
import org.myoscreen.dicom.net.testing.ScriptedPeer;

/**
 * Fuzzes the DIMSE command set over real associations to a {@link DicomAcceptor}: each case associates, sends
 * one mutated C-ECHO-RQ or C-STORE-RQ command set (elements dropped, unknown command fields, wrong group and
 * element lengths, oversized values, bad Command Data Set Type, byte flips, truncation, odd fragmenting), with
 * or without a dataset, then a good C-ECHO-RQ on the same association, and reads until the end.
 *
 * <p>A case passes when the acceptor answers the mutated message with a response whose command field, message
 * id and status fit the request (PS3.7 9.1, Annex C), and then either serves the good C-ECHO and the release, or
 * ends the association with an A-ABORT. It fails on a hang (no end within the hang detector), a close without
 * A-ABORT, a status outside the DIMSE status set for that command, or a reader thread that never reported the
 * association closed (a throwable escaped it). Used by {@code DimseFuzzTest} with fixed seeds and by
 * {@code bench/faults/fuzz-dimse.sh} for long runs.
 */
public final class DimseFuzzer implements AutoCloseable {
    static final String IVR = PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN;
    static final String MR = PresentationContextPolicy.MR_IMAGE_STORAGE;
    static final String VERIFICATION = PresentationContextPolicy.VERIFICATION;
    /** Context ids we propose: 1 Verification, 3 MR Image Storage (both accepted), 5 CT (refused by policy). */
    static final int PC_ECHO = 1;

    static final int PC_MR = 3;
    static final int PC_REFUSED = 5;
    static final int GOOD_ECHO_ID = 0x7FFE;
    private static final int MAX_PDU = 16_384;
    /** Far above the acceptor's ARTIM (1 s) and idle (2 s) timeouts. */
    private static final int HANG_DETECTOR_MILLIS = 15_000;

    /** Statuses PS3.7 Annex C and PS3.4 B.2.3 allow in a C-ECHO-RSP / C-STORE-RSP / any response. */
    private static final Set<Integer> ECHO_STATUSES = Set.of(0x0000, 0x0122, 0x0210, 0x0211, 0x0212, 0x0120, 0x0121);

    private static final Set<Integer> STORE_STATUSES = Set.of(
            0x0000, 0x0122, 0x0124, 0x0210, 0x0211, 0x0212, 0x0120, 0x0121, 0x0110, 0x0117, 0xA700, 0xA900, 0xC000,
            0xB000, 0xB006, 0xB007);

    private final DicomAcceptor acceptor;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    /** How one case ended. */
    public enum Outcome {
        SERVED,
        ABORTED
    }

    /** Tally of a run: outcomes, and the statuses the mutated messages got. */
    public record Report(int cases, Map<Outcome, Integer> outcomes, Map<String, Integer> statuses) {}

    /** A case that broke the rules; carries the seed and case number to replay it. */
    public static final class Finding extends AssertionError {
        Finding(long seed, int index, String description, String problem, Throwable cause) {
            super("seed=" + seed + " case=" + index + " (" + description + "): " + problem, cause);
        }
    }

    /**
     * An acceptor with short timers and the node's default association limit: on a loaded machine an association
     * thread may still be cleaning up when the next case connects, and a low limit would reject it (transient, local
     * limit exceeded), which is the standard answer but not what the fuzzer looks at.
     */
    public DimseFuzzer() throws IOException {
        AssociationListener counting = new AssociationListener() {
            @Override
            public void associationOpened(AssociationInfo a) {
                opened.incrementAndGet();
            }

            @Override
            public void associationClosed(AssociationInfo a, String reason) {
                closed.incrementAndGet();
            }
        };
        acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of("MYOSCREEN"))
                                .bindAddress("127.0.0.1")
                                .port(0)
                                .maxAssociations(32)
                                .artimTimeout(Duration.ofSeconds(1))
                                .idleTimeout(Duration.ofSeconds(2))
                                .maxPduLength(MAX_PDU)
                                .build(),
                        new RecordingHandler(),
                        counting)
                .start();
    }

    public int port() {
        return acceptor.port();
    }

    @Override
    public void close() {
        acceptor.close();
    }

    /** Runs {@code cases} cases from {@code seed}; throws a {@link Finding} at the first broken rule. */
    public Report run(long seed, int cases) throws InterruptedException {
        Random random = new Random(seed);
        Map<Outcome, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < cases; i++) {
            Message m = Message.random(random);
            Outcome o = runCase(seed, i, m, statuses);
            outcomes.merge(o, 1, Integer::sum);
        }
        // every association the acceptor opened must reach associationClosed: a reader thread that a
        // throwable escaped never does
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (closed.get() < opened.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (closed.get() != opened.get()) {
            throw new Finding(
                    seed,
                    cases,
                    "all cases",
                    "associations opened=" + opened.get() + " but closed=" + closed.get()
                            + ": a reader thread ended without closing its association",
                    null);
        }
        return new Report(cases, outcomes, statuses);
    }

    Outcome runCase(long seed, int index, Message m, Map<String, Integer> statuses) {
        try (ScriptedPeer peer = new ScriptedPeer(acceptor.port())) {
            peer.setTimeout(HANG_DETECTOR_MILLIS);
            peer.send(ScriptedPeer.request(
                    "MYOSCREEN",
                    MAX_PDU,
                    new PresentationContextRq(PC_ECHO, VERIFICATION, List.of(IVR)),
                    new PresentationContextRq(PC_MR, MR, List.of(IVR)),
                    new PresentationContextRq(PC_REFUSED, "1.2.840.10008.5.1.4.1.1.2", List.of(IVR))));
            Pdu ac = peer.receive();
            if (!(ac instanceof AAssociateAc)) {
                throw new Finding(seed, index, m.description, "association not accepted: " + ac, null);
            }
            if (sendQuietly(peer, m.pdus)) {
                // a good C-ECHO on the same association: served when the mutated message was answered
                sendQuietly(
                        peer,
                        List.of(new PDataTf(List.of(Pdv.of(
                                PC_ECHO,
                                true,
                                true,
                                Command.cEchoRq(GOOD_ECHO_ID, VERIFICATION).encode())))));
            }
            while (true) {
                Pdu pdu;
                try {
                    pdu = peer.receive();
                } catch (SocketTimeoutException e) {
                    throw new Finding(
                            seed,
                            index,
                            m.description,
                            "hang: nothing from the acceptor for " + HANG_DETECTOR_MILLIS + " ms",
                            e);
                } catch (EOFException | SocketException e) {
                    throw new Finding(seed, index, m.description, "connection closed without A-ABORT", e);
                }
                if (pdu instanceof AAbort) {
                    return Outcome.ABORTED;
                }
                if (pdu instanceof AReleaseRp) {
                    return Outcome.SERVED; // PS3.8 AR-3: the requestor closes
                }
                if (!(pdu instanceof PDataTf p)) {
                    throw new Finding(seed, index, m.description, "unexpected PDU " + pdu, null);
                }
                byte[] bytes = ScriptedPeer.commandBytes(p);
                Command rsp;
                try {
                    rsp = Command.decode(bytes, bytes.length, "response");
                } catch (RuntimeException e) {
                    throw new Finding(seed, index, m.description, "unparseable response", e);
                }
                if (rsp.messageIdBeingRespondedTo() == GOOD_ECHO_ID && rsp.commandField() == Command.C_ECHO_RSP) {
                    if (rsp.status() != 0) {
                        throw new Finding(seed, index, m.description, "good C-ECHO answered " + rsp, null);
                    }
                    if (!sendQuietly(peer, List.of(new AReleaseRq()))) {
                        throw new Finding(seed, index, m.description, "release request could not be sent", null);
                    }
                    continue;
                }
                String problem = m.checkResponse(rsp);
                if (problem != null) {
                    throw new Finding(seed, index, m.description, problem + ": " + rsp, null);
                }
                statuses.merge(String.format("%04X", rsp.status()), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new Finding(seed, index, m.description, "peer failed", e);
        }
    }

    /** Sends what the acceptor still takes; false once it has closed on us (its A-ABORT is then read). */
    private static boolean sendQuietly(ScriptedPeer peer, List<Pdu> pdus) {
        try {
            for (Pdu p : pdus) {
                peer.send(p);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One element of a hand-encoded command set; {@code declaredLength} may lie about the value. */
    record Element(int tag, long declaredLength, byte[] value) {
        static Element of(int tag, byte[] value) {
            return new Element(tag, value.length, value);
        }
    }

    static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    static byte[] ui(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    /** Implicit VR Little Endian, Command Group Length first (its value computed unless {@code groupLength}). */
    static byte[] encode(List<Element> elements, Optional<Long> groupLength) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Element e : elements) {
            body.write(e.tag >>> 16);
            body.write(e.tag >>> 24);
            body.write(e.tag);
            body.write(e.tag >>> 8);
            long l = e.declaredLength;
            body.writeBytes(new byte[] {(byte) l, (byte) (l >>> 8), (byte) (l >>> 16), (byte) (l >>> 24)});
            body.writeBytes(e.value);
        }
        long gl = groupLength.orElse((long) body.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                new byte[] {0, 0, 0, 0, 4, 0, 0, 0, (byte) gl, (byte) (gl >>> 8), (byte) (gl >>> 16), (byte) (gl >>> 24)
                });
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A small dataset for a C-STORE: SOP Class and Instance UID, Implicit VR Little Endian. */
    static byte[] dataset(String instanceUid) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Element e : List.of(
                Element.of(0x00080016, ui(MR)),
                Element.of(0x00080018, ui(instanceUid)),
                Element.of(0x00100010, ui("FUZZ^PATIENT")))) {
            b.writeBytes(new byte[] {
                (byte) (e.tag >>> 16),
                (byte) (e.tag >>> 24),
                (byte) e.tag,
                (byte) (e.tag >>> 8),
                (byte) e.value.length,
                (byte) (e.value.length >>> 8),
                0,
                0
            });
            b.writeBytes(e.value);
        }
        return b.toByteArray();
    }

    /** One mutated message: the PDUs to send, what was done to it, and what its response may be. */
    static final class Message {
        final List<Pdu> pdus = new ArrayList<>();
        final String description;
        /**
         * What the command set says when it was only mutated element by element (each element still parses as
         * written); null after byte flips, truncation, lying length fields, reordering or duplicates, where only the
         * general rules apply.
         */
        private final Expectation expected;

        /** The exact request: its fields as one US value each (null when absent or of another length). */
        private record Expectation(Integer field, Integer messageId, Integer dataSetType, String sopClass, int pcid) {
            /** Null when the message must be answered, else why it must not be (it ends in an A-ABORT). */
            String noAnswer() {
                if (pcid != PC_ECHO && pcid != PC_MR) {
                    return "context " + pcid + " not accepted";
                }
                if (field == null || (field & 0x8000) != 0 || field == Command.C_CANCEL_RQ) {
                    return "no Command Field that asks for a response";
                }
                if (messageId == null || dataSetType == null) {
                    return "no Message ID or Command Data Set Type";
                }
                return null;
            }
        }

        private Message(String description, Expectation expected) {
            this.description = description;
            this.expected = expected;
        }

        /** Null when {@code rsp} is an acceptable answer to this message, else the problem. */
        String checkResponse(Command rsp) {
            int field = rsp.commandField();
            if ((field & 0x8000) == 0) {
                return "response without the response bit";
            }
            int status = rsp.status();
            Set<Integer> allowed = field == Command.C_ECHO_RSP
                    ? ECHO_STATUSES
                    : field == Command.C_STORE_RSP ? STORE_STATUSES : Set.of(0x0211);
            if (!allowed.contains(status)) {
                return "status " + String.format("%04X", status) + " not a DIMSE status for this response";
            }
            if (expected == null) {
                return null;
            }
            if (expected.noAnswer() != null) {
                return "answered, but " + expected.noAnswer();
            }
            if (field != (expected.field() | 0x8000)) {
                return "response field does not match request field 0x" + Integer.toHexString(expected.field());
            }
            if (rsp.messageIdBeingRespondedTo() != expected.messageId()) {
                return "response to message id " + rsp.messageIdBeingRespondedTo() + ", request had "
                        + expected.messageId();
            }
            if (expected.field() == Command.C_ECHO_RQ) {
                boolean verification = expected.pcid() == PC_ECHO
                        && (expected.sopClass() == null || expected.sopClass().equals(VERIFICATION));
                if (verification != (status == 0)) {
                    return "C-ECHO for " + expected.sopClass() + " on context " + expected.pcid() + " answered "
                            + String.format("%04X", status);
                }
            } else if (expected.field() != Command.C_STORE_RQ && status != 0x0211) {
                return "unknown command not answered 0211";
            }
            return null;
        }

        static Message random(Random r) {
            boolean store = r.nextBoolean();
            int messageId = 1 + r.nextInt(0x7000);
            String instance = "2.25." + (1 + (r.nextLong() >>> 1));
            List<Element> els = new ArrayList<>();
            els.add(Element.of(Command.AFFECTED_SOP_CLASS_UID, ui(store ? MR : VERIFICATION)));
            els.add(Element.of(Command.COMMAND_FIELD, us(store ? Command.C_STORE_RQ : Command.C_ECHO_RQ)));
            els.add(Element.of(Command.MESSAGE_ID, us(messageId)));
            if (store) {
                els.add(Element.of(Command.PRIORITY, us(0)));
            }
            els.add(Element.of(
                    Command.COMMAND_DATA_SET_TYPE, us(store ? Command.DATASET_PRESENT : Command.NO_DATASET)));
            if (store) {
                els.add(Element.of(Command.AFFECTED_SOP_INSTANCE_UID, ui(instance)));
            }
            Optional<Long> groupLength = Optional.empty();
            int pcid = store ? PC_MR : PC_ECHO;
            boolean exact = true;
            StringBuilder d = new StringBuilder(store ? "C-STORE-RQ" : "C-ECHO-RQ");
            int mutations = 1 + r.nextInt(3);
            byte[] encoded = null;
            for (int k = 0; k < mutations && encoded == null; k++) {
                d.append(", ");
                switch (r.nextInt(13)) {
                    case 0 -> d.append("drop ").append(tagName(els.remove(r.nextInt(els.size())).tag));
                    case 1 -> {
                        int[] fields = {
                            0x0020,
                            0x0021,
                            0x0010,
                            Command.C_CANCEL_RQ,
                            0x0100,
                            0x0110,
                            0x0120,
                            0x0130,
                            0x0140,
                            0x0150,
                            0x8001,
                            0x8030,
                            0x0000,
                            0xFFFF,
                            r.nextInt(0x10000)
                        };
                        int f = fields[r.nextInt(fields.length)];
                        replace(els, Command.COMMAND_FIELD, us(f));
                        d.append("command field 0x").append(Integer.toHexString(f));
                    }
                    case 2 -> {
                        // the acceptor ignores the group length's value (it reads the PDVs' own lengths)
                        long[] lengths = {0, 4, 0xFFFFFFFFL, 0x7FFFFFFFL, r.nextInt(400), 12, 65_536};
                        groupLength = Optional.of(lengths[r.nextInt(lengths.length)]);
                        d.append("group length ").append(groupLength.get());
                    }
                    case 3 -> {
                        int i = r.nextInt(els.size());
                        Element e = els.get(i);
                        int[] sizes = {0, 1, 3, 4, 64, 65, 66, 1024, 30_000, 70_000};
                        int size = sizes[r.nextInt(sizes.length)];
                        byte[] v = new byte[size];
                        for (int b = 0; b < size; b++) {
                            v[b] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : '1' + r.nextInt(9));
                        }
                        els.set(i, Element.of(e.tag, v));
                        d.append(tagName(e.tag))
                                .append(" value of ")
                                .append(size)
                                .append(" bytes");
                    }
                    case 4 -> {
                        int[] types = {0x0101, 0x0000, 0x0001, 0x0102, 0xFEFE, 0xFFFF};
                        int t = types[r.nextInt(types.length)];
                        replace(els, Command.COMMAND_DATA_SET_TYPE, us(t));
                        d.append("data set type 0x").append(Integer.toHexString(t));
                    }
                    case 5 -> {
                        int i = r.nextInt(els.size());
                        Element e = els.get(i);
                        long[] lies = {
                            0xFFFFFFFFL, 0x7FFFFFFFL, e.value.length + 2L, Math.max(0, e.value.length - 1), 100_000
                        };
                        long lie = lies[r.nextInt(lies.length)];
                        els.set(i, new Element(e.tag, lie, e.value));
                        d.append(tagName(e.tag)).append(" length field ").append(lie);
                        exact = false;
                    }
                    case 6 -> {
                        int[] tags = {
                            0x00080016,
                            0x7FE00010,
                            0x00000003,
                            0x00000901,
                            0x00001001,
                            0x00005010,
                            0xFFFEE000,
                            0xFFFEE0DD,
                            0x00000002,
                            0x00000100
                        };
                        int tag = tags[r.nextInt(tags.length)];
                        byte[] v = new byte[r.nextInt(3) * 2];
                        r.nextBytes(v);
                        els.add(r.nextInt(els.size() + 1), Element.of(tag, v));
                        d.append("extra ").append(tagName(tag));
                        exact = false;
                    }
                    case 7 -> {
                        String[] uids = {
                            "",
                            "1.2.840.10008.5.1.4.1.1.2",
                            VERIFICATION,
                            MR,
                            "1.2.840.10008.5.1.4.1.1.4\\1.2.3",
                            "not a uid",
                            "1." + "2".repeat(100)
                        };
                        String u = uids[r.nextInt(uids.length)];
                        replace(els, Command.AFFECTED_SOP_CLASS_UID, ui(u));
                        d.append("affected SOP class '")
                                .append(u.length() > 20 ? u.substring(0, 20) + "..." : u)
                                .append('\'');
                    }
                    case 8 -> {
                        int[] ids = {0, 0xFFFF, 0x7FFF};
                        int v = ids[r.nextInt(ids.length)];
                        replace(els, Command.MESSAGE_ID, us(v));
                        d.append("message id ").append(v);
                    }
                    case 9 -> {
                        int[] ids = {PC_REFUSED, 7, 255, store ? PC_ECHO : PC_MR};
                        pcid = ids[r.nextInt(ids.length)];
                        d.append("on context ").append(pcid);
                    }
                    case 10 -> {
                        java.util.Collections.swap(els, r.nextInt(els.size()), r.nextInt(els.size()));
                        d.append("elements out of order");
                        exact = false;
                    }
                    case 11 -> {
                        encoded = encode(els, groupLength);
                        int flips = 1 + r.nextInt(4);
                        for (int f = 0; f < flips; f++) {
                            encoded[r.nextInt(encoded.length)] = (byte) r.nextInt(256);
                        }
                        d.append(flips).append(" byte flips");
                    }
                    default -> {
                        encoded = encode(els, groupLength);
                        encoded = java.util.Arrays.copyOf(encoded, r.nextInt(encoded.length));
                        d.append("truncated to ").append(encoded.length).append(" bytes");
                    }
                }
            }
            if (encoded == null) {
                encoded = encode(els, groupLength);
            } else {
                exact = false;
            }
            Integer dataSetType = usValue(els, Command.COMMAND_DATA_SET_TYPE);
            boolean datasetDeclared = dataSetType != null && dataSetType != Command.NO_DATASET;
            // the dataset follows as the command says, and in a quarter of the cases against it
            boolean sendDataset = r.nextInt(4) == 0 ? !datasetDeclared : datasetDeclared;
            d.append(sendDataset ? ", dataset sent" : ", no dataset");
            // the command in one or several fragments; sometimes the last bit is never set
            int fragments = r.nextInt(5) == 0 ? 2 + r.nextInt(3) : 1;
            boolean lastBitMissing = r.nextInt(20) == 0;
            d.append(fragments > 1 ? ", " + fragments + " command fragments" : "")
                    .append(lastBitMissing ? ", last bit never set" : "");
            Expectation expected = exact && !lastBitMissing
                    ? new Expectation(
                            usValue(els, Command.COMMAND_FIELD),
                            usValue(els, Command.MESSAGE_ID),
                            dataSetType,
                            uiValue(els, Command.AFFECTED_SOP_CLASS_UID),
                            pcid)
                    : null;
            Message m = new Message(d.toString(), expected);
            List<Pdv> pdvs = new ArrayList<>();
            int at = 0;
            for (int f = 0; f < fragments; f++) {
                int end = f == fragments - 1
                        ? encoded.length
                        : Math.min(encoded.length, at + r.nextInt(Math.max(1, encoded.length - at)));
                boolean last = f == fragments - 1 && !lastBitMissing;
                pdvs.add(Pdv.of(pcid, true, last, java.util.Arrays.copyOfRange(encoded, at, end)));
                at = end;
            }
            if (sendDataset) {
                boolean cut = r.nextInt(8) == 0;
                pdvs.add(Pdv.of(pcid, false, !cut, dataset(instance)));
            }
            // one P-DATA-TF, or one per PDV
            if (r.nextBoolean()) {
                m.pdus.add(new PDataTf(pdvs));
            } else {
                pdvs.forEach(p -> m.pdus.add(new PDataTf(List.of(p))));
            }
            return m;
        }

        private static Integer usValue(List<Element> els, int tag) {
            return els.stream()
                    .filter(e -> e.tag == tag && e.value.length == 2)
                    .findFirst()
                    .map(e -> (e.value[0] & 0xFF) | (e.value[1] & 0xFF) << 8)
                    .orElse(null);
        }

        private static String uiValue(List<Element> els, int tag) {
            return els.stream()
                    .filter(e -> e.tag == tag)
                    .findFirst()
                    .map(e -> new String(e.value, StandardCharsets.ISO_8859_1).replaceAll("[\\x00 ]+$", ""))
                    .filter(v -> !v.isEmpty())
                    .orElse(null);
        }

        private static void replace(List<Element> els, int tag, byte[] value) {
            for (int i = 0; i < els.size(); i++) {
                if (els.get(i).tag == tag) {
                    els.set(i, Element.of(tag, value));
                    return;
                }
            }
        }

        private static String tagName(int tag) {
            return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
        }
    }

    /** {@code bench/faults/fuzz-dimse.sh}: {@code DimseFuzzer ITERATIONS [SEED]}; prints the tally. */
    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        long t0 = System.nanoTime();
        try (DimseFuzzer fuzzer = new DimseFuzzer()) {
            Report report = fuzzer.run(seed, cases);
            System.out.printf(
                    "seed=%d cases=%d outcomes=%s statuses=%s seconds=%.1f findings=0%n",
                    seed, report.cases(), report.outcomes(), report.statuses(), (System.nanoTime() - t0) / 1e9);
        } catch (Finding f) {
            System.out.println("FINDING " + f.getMessage());
            if (f.getCause() != null) {
                System.out.println("  cause: " + f.getCause());
            }
            System.exit(1);
        }
    }
}
