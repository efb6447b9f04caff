package org.myoscreen.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds headers and spooled instances of synthetic MR series for tests. */
public final class TestSeries {

    public static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    public static final List<Double> AXIAL = List.of(1.0, 0.0, 0.0, 0.0, 1.0, 0.0);
    public static final List<Double> SAGITTAL = List.of(0.0, 1.0, 0.0, 0.0, 0.0, -1.0);
    public static final List<Double> CORONAL = List.of(1.0, 0.0, 0.0, 0.0, 0.0, -1.0);

    private TestSeries() {}

    /** An axial MR header of slice {@code index} at z = zStart + index * spacing. */
    public static InstanceHeader.Builder axial(
            String study, String series, int index, double zStartMm, double spacingMm) {
        return InstanceHeader.builder(study, series, series + "." + (index + 1), MR)
                .modality("MR")
                .callingAeTitle("SCANNER")
                .imageOrientationPatient(AXIAL)
                .slicePositions(List.of(new PatientPosition(-200, -150, zStartMm + index * spacingMm)))
                .frameOfReferenceUid(study + ".99")
                .sequenceName("*fl3d2")
                .scanningSequence(List.of("GR"))
                .imageType(List.of("ORIGINAL", "PRIMARY", "M", "W"))
                .bodyPartExamined("WHOLEBODY");
    }

    /** Headers of a whole axial series with {@code count} slices; {@code imageType} replaces the default. */
    public static List<InstanceHeader> series(
            String study, String series, int count, double zStartMm, double spacingMm, List<String> imageType) {
        List<InstanceHeader> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(axial(study, series, i, zStartMm, spacingMm)
                    .imageType(imageType)
                    .build());
        }
        return out;
    }

    /** Writes a small stand-in file for {@code h} under {@code spool} and returns the spooled instance. */
    public static SpooledInstance spooled(Path spool, InstanceHeader h, Instant at) {
        Path file = spool.resolve(h.studyInstanceUid())
                .resolve(h.seriesInstanceUid())
                .resolve(h.sopInstanceUid() + ".dcm");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ("pixel data of " + h.sopInstanceUid()).getBytes(StandardCharsets.US_ASCII));
            return new SpooledInstance(h, file, Files.size(file), Optional.empty(), at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
