package org.myoscreen.pipeline.assembly;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.SpooledInstance;

/**
 * A series the assembler considers complete, as routing and station grouping see it. Immutable.
 *
 * @param first header of the first instance received (the series' representative facts)
 * @param facts the routing facts (Image Type values are the union over all instances)
 * @param instances the instances, in arrival order
 * @param firstArrival arrival of the first instance
 * @param lastArrival arrival of the last instance
 * @param reason why it is complete
 * @param rule the routing rule that matched, empty when none did
 */
public record CompletedSeries(
        InstanceHeader first,
        SeriesFacts facts,
        List<SpooledInstance> instances,
        Instant firstArrival,
        Instant lastArrival,
        CompletionReason reason,
        Optional<RoutingRule> rule) {

    /**
     * Checks for nulls and copies the list.
     *
     * @param first header of the first instance received (the series' representative facts)
     * @param facts the routing facts (Image Type values are the union over all instances)
     * @param instances the instances, in arrival order
     * @param firstArrival arrival of the first instance
     * @param lastArrival arrival of the last instance
     * @param reason why it is complete
     * @param rule the routing rule that matched, empty when none did
     */
    public CompletedSeries {
        Objects.requireNonNull(first, "first is null");
        Objects.requireNonNull(facts, "facts is null");
        instances = List.copyOf(instances);
        Objects.requireNonNull(firstArrival, "firstArrival is null");
        Objects.requireNonNull(lastArrival, "lastArrival is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(rule, "rule is null");
    }

    /**
     * Study Instance UID.
     *
     * @return the UID
     */
    public String studyInstanceUid() {
        return first.studyInstanceUid();
    }

    /**
     * Series Instance UID.
     *
     * @return the UID
     */
    public String seriesInstanceUid() {
        return first.seriesInstanceUid();
    }

    /**
     * Total frames: the sum of Number of Frames over the instances.
     *
     * @return the number of frames
     */
    public int frames() {
        return instances.stream().mapToInt(i -> i.header().numberOfFrames()).sum();
    }

    /**
     * Sum of file sizes in bytes.
     *
     * @return bytes
     */
    public long totalBytes() {
        return instances.stream().mapToLong(SpooledInstance::sizeBytes).sum();
    }
}
