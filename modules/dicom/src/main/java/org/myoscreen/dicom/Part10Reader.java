package org.myoscreen.dicom;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.myoscreen.dicom.internal.DicomInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads DICOM files (PS3.10 section 7): the 128-byte preamble and "DICM" prefix when present, the file meta
 * information (group 0002, Explicit VR Little Endian, PS3.10 section 7.1; elements in Implicit VR are tolerated),
 * then the dataset in the transfer syntax the meta information names.
 *
 * <p>Without a preamble the stream may start with the meta information or directly with a dataset. When there
 * is no Transfer Syntax UID (0002,0010) the syntax is guessed from the first element: Explicit VR when its
 * bytes 4 and 5 are a VR of PS3.5, big endian when the tag's group reads smaller that way, otherwise Implicit
 * VR Little Endian. Deflated datasets (PS3.5 annex A.5) are inflated with a raw (no zlib header) inflater.
 * When the first dataset element contradicts the named syntax's VR encoding (a known writer bug: Implicit VR data
 * labelled Explicit, or the reverse), the data wins and the returned {@link DicomFile#transferSyntax()} says what
 * was actually read; a warning is logged ({@code event=vr_encoding_mismatch}).
 *
 * <p>Errors raise {@link DicomParseException} naming the source, offset and tag (see {@link DatasetReader}).
 * When the stream length is known (files), value lengths are checked against the bytes that remain.
 *
 * <p>Not thread-safe. {@link #close()} closes the stream.
 */
public final class Part10Reader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Part10Reader.class);

    private final InputStream stream;
    private final DicomInput in;
    private final String source;
    private Attributes meta;
    private TransferSyntax transferSyntax;

    /**
     * Creates a reader over a stream of unknown length.
     *
     * @param in the stream, positioned at the start of the file
     * @param sourceName names the source in exception messages
     */
    public Part10Reader(InputStream in, String sourceName) {
        this(in, sourceName, -1);
    }

    /**
     * Creates a reader over a stream of known length (lengths in the data are checked against it).
     *
     * @param in the stream, positioned at the start of the file
     * @param sourceName names the source in exception messages
     * @param streamLength the number of bytes the stream holds, or -1 when unknown
     */
    public Part10Reader(InputStream in, String sourceName, long streamLength) {
        this.stream = Objects.requireNonNull(in, "in is null");
        this.source = Objects.requireNonNull(sourceName, "sourceName is null");
        this.in = new DicomInput(in, 0, streamLength);
    }

    /**
     * Reads a whole file.
     *
     * @param file the file
     * @return meta information, dataset and transfer syntax
     * @throws DicomParseException when the file is not valid DICOM
     * @throws DicomException when the file cannot be opened
     */
    public static DicomFile read(Path file) {
        return read(file, -1);
    }

    /**
     * Reads a file up to, not including, Pixel Data (7FE0,0010) and anything after it.
     *
     * @param file the file
     * @return meta information, dataset without pixel data, and transfer syntax
     * @throws DicomParseException when the file is not valid DICOM
     * @throws DicomException when the file cannot be opened
     */
    public static DicomFile readUntilPixelData(Path file) {
        return read(file, Tag.PixelData);
    }

    private static DicomFile read(Path file, int stopTag) {
        try (InputStream stream = Files.newInputStream(file);
                Part10Reader reader = new Part10Reader(stream, file.toString(), Files.size(file))) {
            return stopTag == -1 ? reader.read() : reader.readUntil(stopTag);
        } catch (IOException e) {
            throw new DicomException("cannot read file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the whole stream.
     *
     * @return meta information, dataset and transfer syntax
     * @throws DicomParseException when the stream is not valid DICOM
     */
    public DicomFile read() {
        return readUntil(-1);
    }

    /**
     * Reads up to, not including, Pixel Data (7FE0,0010).
     *
     * @return meta information, dataset without pixel data, and transfer syntax
     * @throws DicomParseException when the stream is not valid DICOM
     */
    public DicomFile readUntilPixelData() {
        return readUntil(Tag.PixelData);
    }

    /**
     * Reads top-level elements up to, not including, the first with a tag at least {@code stopTag}.
     *
     * @param stopTag the tag to stop at (unsigned comparison), or -1 to read everything
     * @return meta information, dataset and transfer syntax
     * @throws DicomParseException when the stream is not valid DICOM
     */
    public DicomFile readUntil(int stopTag) {
        Attributes meta = readFileMetaInformation();
        TransferSyntax ts = transferSyntax();
        DatasetReader reader;
        if (ts.deflated()) {
            DicomInput inflated = new DicomInput(new InflaterInputStream(in.rest(), new Inflater(true)), 0, -1);
            reader = new DatasetReader(inflated, ts, source + " (inflated after offset " + in.position() + ")");
        } else {
            reader = new DatasetReader(in, ts, source);
        }
        Attributes dataset = reader.readUntil(stopTag);
        return new DicomFile(meta, dataset, ts);
    }

    /**
     * Reads the preamble and file meta information, once; later calls return the same object.
     *
     * @return group 0002 elements, empty when the file has none
     * @throws DicomParseException when the meta information is malformed
     */
    public Attributes readFileMetaInformation() {
        if (meta == null) {
            meta = readMeta();
        }
        return meta;
    }

    /**
     * Returns the transfer syntax of the dataset: the one the meta information names, corrected when the first
     * element contradicts its VR encoding, or guessed when there is none. Reads the meta information if needed.
     *
     * @return the transfer syntax the dataset is actually encoded in
     * @throws DicomParseException when the meta information is malformed
     */
    public TransferSyntax transferSyntax() {
        if (transferSyntax == null) {
            TransferSyntax named = readFileMetaInformation()
                    .getString(Tag.TransferSyntaxUID)
                    .map(TransferSyntax::of)
                    .orElseGet(this::guess);
            transferSyntax = checkVrEncoding(named);
        }
        return transferSyntax;
    }

    /**
     * Returns the rest of the file after the meta information as raw bytes in {@link #transferSyntax()}
     * (still deflated for a deflated syntax), for streaming it on without parsing, e.g. through
     * {@link Transcoder}. Use either this or the {@code read} methods, not both.
     *
     * @return a stream over the dataset bytes; closing it does not close this reader
     * @throws DicomParseException when the meta information is malformed
     */
    public InputStream datasetStream() {
        transferSyntax();
        return in.rest();
    }

    private Attributes readMeta() {
        Attributes meta = new Attributes();
        try {
            int available = in.fill(132);
            if (available >= 132
                    && in.peek(128) == 'D'
                    && in.peek(129) == 'I'
                    && in.peek(130) == 'C'
                    && in.peek(131) == 'M') {
                in.skip(132);
            } else if (available >= 4
                    && in.peek(0) == 'D'
                    && in.peek(1) == 'I'
                    && in.peek(2) == 'C'
                    && in.peek(3) == 'M') {
                in.skip(4);
            }
            DatasetReader explicit = new DatasetReader(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, source);
            DatasetReader implicit = new DatasetReader(in, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, source);
            while (in.fill(6) >= 6 && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
                (isVrCode(in.peek(4), in.peek(5)) ? explicit : implicit).readElement(meta);
            }
        } catch (IOException e) {
            throw new DicomParseException(source, in.position(), OptionalInt.empty(), "cannot read: " + e, e);
        }
        return meta;
    }

    private static boolean isVrCode(int b0, int b1) {
        return VR.of((b0 << 8) | b1).isPresent();
    }

    /**
     * Some writers label an Implicit VR dataset as Explicit VR or the reverse. The first element tells: in Explicit
     * VR its bytes 4 and 5 are a VR. When they disagree with the named syntax, follow the data and log it.
     */
    private TransferSyntax checkVrEncoding(TransferSyntax ts) {
        if (ts.deflated() || ts.bigEndian()) {
            return ts;
        }
        try {
            if (in.fill(6) < 6) {
                return ts;
            }
            boolean looksExplicit = isVrCode(in.peek(4), in.peek(5));
            if (ts.explicitVr() && !looksExplicit) {
                LOG.warn("event=vr_encoding_mismatch source={} transferSyntax={} using=implicit", source, ts.uid());
                return ts.encapsulated()
                        ? new TransferSyntax(ts.uid(), false, false, false, true)
                        : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            }
            if (!ts.explicitVr() && looksExplicit) {
                LOG.warn("event=vr_encoding_mismatch source={} transferSyntax={} using=explicit", source, ts.uid());
                return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            }
            return ts;
        } catch (IOException e) {
            throw new DicomParseException(source, in.position(), OptionalInt.empty(), "cannot read: " + e, e);
        }
    }

    private TransferSyntax guess() {
        try {
            if (in.fill(6) < 6) {
                return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            }
            if (!isVrCode(in.peek(4), in.peek(5))) {
                return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            }
            int groupLittle = in.peek(0) | (in.peek(1) << 8);
            int groupBig = (in.peek(0) << 8) | in.peek(1);
            return groupBig < groupLittle
                    ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN
                    : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        } catch (IOException e) {
            throw new DicomParseException(source, in.position(), OptionalInt.empty(), "cannot read: " + e, e);
        }
    }

    /**
     * Closes the underlying stream.
     *
     * @throws IOException from the stream
     */
    @Override
    public void close() throws IOException {
        stream.close();
    }
}
