package org.myoscreen.pipeline.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.myoscreen.dicom.Uids;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * A unit of work: the complete series of one study that form one acquisition (stations, Dixon
 * contrasts), with the rule that matched them. Immutable; serialised by {@link JobJson}.
 *
 * <p>The job key is {@code StudyInstanceUID/groupingKey/v<version>}: the same study and grouping key with
 * a higher version means the group changed (late instances) and must be processed again.
 *
 * @param studyInstanceUid the study
 * @param groupingKey stable key of the group within the study (lower-case hex), see the station grouping rule
 * @param version 1 for the first job of this group, incremented each time late instances reopen it
 * @param ruleId the routing rule that matched
 * @param modelId the model the rule names
 * @param destinations where results go
 * @param callingAeTitle the AE title that sent the series ("" when unknown)
 * @param seriesInstanceUids the series in the group, in station order
 * @param files every instance file of those series
 * @param firstArrival arrival of the group's earliest instance
 * @param lastArrival arrival of the group's latest instance
 * @param createdAt when the job was made
 */
public record Job(
        String studyInstanceUid,
        String groupingKey,
        int version,
        String ruleId,
        String modelId,
        List<Destination> destinations,
        String callingAeTitle,
        List<String> seriesInstanceUids,
        List<JobFile> files,
        Instant firstArrival,
        Instant lastArrival,
        Instant createdAt) {

    private static final Pattern KEY = Pattern.compile("[0-9a-z]{1,64}");

    /**
     * Validates the key parts and copies the lists.
     *
     * @param studyInstanceUid the study
     * @param groupingKey stable key of the group within the study (lower-case hex), see the station grouping rule
     * @param version 1 for the first job of this group, incremented each time late instances reopen it
     * @param ruleId the routing rule that matched
     * @param modelId the model the rule names
     * @param destinations where results go
     * @param callingAeTitle the AE title that sent the series ("" when unknown)
     * @param seriesInstanceUids the series in the group, in station order
     * @param files every instance file of those series
     * @param firstArrival arrival of the group's earliest instance
     * @param lastArrival arrival of the group's latest instance
     * @param createdAt when the job was made
     */
    public Job {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid is null");
        if (!Uids.isValid(studyInstanceUid)) { // a valid UID is also a safe path name (see intake's SpoolPaths)
            throw new IllegalArgumentException("invalid study instance UID '" + studyInstanceUid + "' in job");
        }
        Objects.requireNonNull(groupingKey, "groupingKey is null");
        if (!KEY.matcher(groupingKey).matches()) {
            throw new IllegalArgumentException("grouping key '" + groupingKey + "' must be 1-64 of [0-9a-z]");
        }
        if (version < 1) {
            throw new IllegalArgumentException("job version " + version + " < 1");
        }
        Objects.requireNonNull(ruleId, "ruleId is null");
        Objects.requireNonNull(modelId, "modelId is null");
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        seriesInstanceUids = List.copyOf(seriesInstanceUids);
        files = List.copyOf(files);
        Objects.requireNonNull(firstArrival, "firstArrival is null");
        Objects.requireNonNull(lastArrival, "lastArrival is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /**
     * {@code StudyInstanceUID/groupingKey/v<version>}.
     *
     * @return the job key
     */
    public String jobKey() {
        return studyInstanceUid + "/" + groupingKey + "/v" + version;
    }

    /**
     * Sum of the file sizes in bytes.
     *
     * @return bytes
     */
    public long totalBytes() {
        return files.stream().mapToLong(JobFile::sizeBytes).sum();
    }
}
