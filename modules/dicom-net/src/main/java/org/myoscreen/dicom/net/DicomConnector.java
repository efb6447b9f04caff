package org.myoscreen.dicom.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.myoscreen.dicom.net.internal.service.Part10Header;

/**
 * Opens associations as requestor (SCU). Stateless; thread-safe.
 */
public final class DicomConnector {
    private DicomConnector() {}

    /**
     * Connects, sends the A-ASSOCIATE-RQ and waits for the answer.
     *
     * @param request whom to call and what to propose
     * @return the established association
     *
     * @throws AssociationRejectedException when the peer answers A-ASSOCIATE-RJ
     * @throws DicomNetException on connect failure, TLS failure, timeout or abort (retriable)
     */
    public static Association open(AssociationRequest request) {
        return Association.open(request);
    }

    /**
     * Proposals for sending these Part 10 files: one context per SOP class offering the files'
     * own transfer syntaxes, then Explicit and Implicit VR Little Endian (which {@link Association#store}
     * converts between).
     *
     * @param files Part 10 files
     * @return one proposal per SOP class found
     *
     * @throws UncheckedIOException when a file cannot be read
     * @throws DicomNetException when a file is not Part 10
     */
    public static List<PresentationContext> proposalsFor(List<Path> files) {
        Map<String, Set<String>> bySopClass = new LinkedHashMap<>();
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
                Part10Header h = Part10Header.read(in, file.toString());
                bySopClass
                        .computeIfAbsent(h.sopClassUid(), k -> new LinkedHashSet<>())
                        .add(h.transferSyntaxUid());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        List<PresentationContext> proposals = new ArrayList<>();
        bySopClass.forEach((sopClass, tss) -> {
            tss.add(PresentationContextPolicy.EXPLICIT_VR_LITTLE_ENDIAN);
            tss.add(PresentationContextPolicy.IMPLICIT_VR_LITTLE_ENDIAN);
            proposals.add(new PresentationContext(sopClass, List.copyOf(tss)));
        });
        return proposals;
    }
}
