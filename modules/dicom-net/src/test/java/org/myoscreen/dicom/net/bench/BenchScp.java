package org.myoscreen.dicom.net.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.net.AcceptorConfig;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.CStoreHandler;
import org.myoscreen.dicom.net.DicomAcceptor;
import org.myoscreen.dicom.net.StoreResponse;

/**
 * Benchmark receiver (not a test): our acceptor with a sink that writes each instance as a Part 10
 * file named like storescp's ({@code MR.<SOP Instance UID>}), the way storescp -od does. Runs until
 * stdin closes. Used by bench/intake-vs-storescp.sh.
 *
 * <p>Usage: {@code BenchScp PORT OUTPUT_DIR [AE_TITLE]}
 */
public final class BenchScp {
    private BenchScp() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path outDir = Path.of(args[1]);
        String ae = args.length > 2 ? args[2] : "MYOSCREEN";
        CStoreHandler sink = (request, dataset) -> {
            ByteArrayOutputStream meta = new ByteArrayOutputStream(512);
            Part10Writer.writeFileMetaInformation(
                    meta,
                    request.affectedSopClassUid(),
                    request.affectedSopInstanceUid(),
                    TransferSyntax.of(request.transferSyntaxUid()),
                    request.association().callingAeTitle().value());
            try (OutputStream out = Files.newOutputStream(outDir.resolve("MR." + request.affectedSopInstanceUid()))) {
                meta.writeTo(out);
                dataset.transferTo(out);
            }
            return StoreResponse.success();
        };
        try (DicomAcceptor acceptor = new DicomAcceptor(
                        AcceptorConfig.builder(AeTitle.of(ae))
                                .port(port)
                                .idleTimeout(Duration.ofMinutes(10))
                                .build(),
                        sink,
                        AssociationListener.NONE)
                .start()) {
            System.out.println("READY " + acceptor.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the script to close stdin
            }
        }
    }
}
