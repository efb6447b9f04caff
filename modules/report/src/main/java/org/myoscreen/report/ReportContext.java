package org.myoscreen.report;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.myoscreen.dicom.Uids;

/**
 * What every result object of one job shares: the job key and the algorithm that produced the
 * result (which together make the UIDs), and the creation time written as Content Date/Time.
 * Same context, same UIDs: a job that runs twice produces the same instances.
 *
 * <p>Immutable; thread-safe.
 *
 * @param jobKey the job's stable key (for example the study and series UIDs and their version)
 * @param algorithmName the segmentation model's name (Algorithm Name, Manufacturer Model Name)
 * @param algorithmVersion the model version (Algorithm Version, Software Versions)
 * @param manufacturer Manufacturer (0008,0070) of the outputs
 * @param created Content Date and Time of the outputs
 */
public record ReportContext(
        String jobKey, String algorithmName, String algorithmVersion, String manufacturer, LocalDateTime created) {

    /** Validates non-empty values. */
    public ReportContext {
        for (String s : new String[] {jobKey, algorithmName, algorithmVersion, manufacturer}) {
            Objects.requireNonNull(s, "context value is null");
            if (s.isBlank()) {
                throw new IllegalArgumentException("context values must not be blank");
            }
        }
        Objects.requireNonNull(created, "created is null");
    }

    /**
     * The UID of output {@code kind} number {@code index}: {@link Uids#fromName} of the job key, the
     * algorithm name and version, the kind and the index.
     */
    public String uid(String kind, int index) {
        return Uids.fromName(jobKey + "|" + algorithmName + "|" + algorithmVersion + "|" + kind + "|" + index);
    }

    /** Content Date, {@code YYYYMMDD}. */
    public String date() {
        return created.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** Content Time, {@code HHMMSS}. */
    public String time() {
        return created.format(DateTimeFormatter.ofPattern("HHmmss"));
    }
}
