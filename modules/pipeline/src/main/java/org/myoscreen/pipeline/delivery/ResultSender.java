package org.myoscreen.pipeline.delivery;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.myoscreen.dicom.net.StoreResult;

/**
 * The outbox's {@link Outbox.Sender} for every kind of destination: C-STORE for {@code AE@HOST:PORT}
 * ({@link DicomSender}), STOW-RS for {@code stow+http(s)://...} ({@link StowRsSender}). Thread-safe when
 * both senders are.
 */
public final class ResultSender implements Outbox.Sender {
    private final DicomSender dicom;
    private final StowRsSender stowRs;

    /**
     * @param dicom sends to DIMSE peers
     * @param stowRs sends to DICOMweb servers
     */
    public ResultSender(DicomSender dicom, StowRsSender stowRs) {
        this.dicom = Objects.requireNonNull(dicom, "dicom is null");
        this.stowRs = Objects.requireNonNull(stowRs, "stowRs is null");
    }

    @Override
    public List<StoreResult> send(Destination destination, List<Path> files) {
        return switch (destination.kind()) {
            case DIMSE -> dicom.send(destination, files);
            case STOW_RS -> stowRs.send(destination, files);
        };
    }
}
