package org.myoscreen.pipeline.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.Association;
import org.myoscreen.dicom.net.AssociationRequest;
import org.myoscreen.dicom.net.DicomConnector;
import org.myoscreen.dicom.net.DicomNetException;
import org.myoscreen.dicom.net.StoreResult;

/**
 * Sends a batch of Part 10 files to one destination over one association (C-STORE SCU), as the
 * outbox asks. Thread-safe: each call opens its own association.
 */
public final class DicomSender {
    private final AeTitle callingAeTitle;
    private final Duration timeout;

    /**
     * @param callingAeTitle our AE title in the associations we open
     * @param timeout connect and response timeout
     */
    public DicomSender(AeTitle callingAeTitle, Duration timeout) {
        this.callingAeTitle = Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
    }

    /**
     * Stores {@code files} in order and returns the peer's result for each.
     *
     * @throws DicomNetException when the association cannot be opened, is rejected or breaks; results of
     *     files already answered are then lost to the caller, which retries the whole batch (a duplicate
     *     store of the same SOP Instance UID is harmless at a PACS)
     * @throws IllegalArgumentException when the destination is not {@code AE@HOST:PORT}
     */
    public List<StoreResult> send(Destination destination, List<Path> files) {
        if (destination.kind() != Destination.Kind.DIMSE) {
            throw new IllegalArgumentException("not a DICOM peer: " + destination);
        }
        AssociationRequest request = AssociationRequest.builder(
                        callingAeTitle, AeTitle.of(destination.aeTitle()), destination.host(), destination.port())
                .connectTimeout(timeout)
                .responseTimeout(timeout)
                .propose(DicomConnector.proposalsFor(files))
                .build();
        List<StoreResult> results = new ArrayList<>();
        try (Association association = DicomConnector.open(request)) {
            for (Path file : files) {
                results.add(association.store(file));
            }
            association.release();
        }
        return results;
    }
}
