package org.myoscreen.pipeline.assembly;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the {@link SeriesAssembler}. Immutable.
 *
 * @param spoolDirectory the spool root (the same as {@code SpoolConfig.directory()}); per-study grouping
 *     state ({@code <StudyUID>/.groups.json}) is kept there so that versions survive restarts
 * @param quietPeriod a series is complete after this long without a new instance, unless its routing rule
 *     sets its own; default {@link #DEFAULT_QUIET_PERIOD} (30 s)
 * @param studyQuietPeriod the complete series of a study are grouped into jobs only when no series of the
 *     study is open and no instance of the study arrived for this long; default
 *     {@link #DEFAULT_STUDY_QUIET_PERIOD} (10 s), which covers the pause between series of one send when a
 *     series completed early by its count
 * @param completeOnImagesInAcquisition whether Images in Acquisition (0020,1002), compared with the frames
 *     received (Number of Frames summed), completes a series before its quiet period; default true
 * @param maxStationGapMm two stations are adjacent when the gap between their slice ranges along the slice
 *     normal is at most this plus the larger slice spacing; default {@link #DEFAULT_MAX_STATION_GAP_MM}
 * @param idleStudyEviction a study whose series were all handed on is dropped from memory after this long
 *     without a new instance (a later instance reloads it from the spool); default
 *     {@link #DEFAULT_IDLE_STUDY_EVICTION} (1 h)
 */
public record AssemblerConfig(
        Path spoolDirectory,
        Duration quietPeriod,
        Duration studyQuietPeriod,
        boolean completeOnImagesInAcquisition,
        double maxStationGapMm,
        Duration idleStudyEviction) {

    /** Default series quiet period: 30 s (INTERFACE.md {@code --quiet-period}). */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(30);
    /** Default study quiet period before grouping: 10 s. */
    public static final Duration DEFAULT_STUDY_QUIET_PERIOD = Duration.ofSeconds(10);
    /** Default tolerated gap between adjacent stations: 10 mm. */
    public static final double DEFAULT_MAX_STATION_GAP_MM = 10.0;
    /** Default time before an idle, handed-on study is dropped from memory: 1 h. */
    public static final Duration DEFAULT_IDLE_STUDY_EVICTION = Duration.ofHours(1);

    /**
     * Validates positive periods and a non-negative gap.
     *
     * @param spoolDirectory the spool root (the same as {@code SpoolConfig.directory()}); per-study grouping state
     *     ({@code <StudyUID>/.groups.json}) is kept there so that versions survive restarts
     * @param quietPeriod a series is complete after this long without a new instance, unless its routing rule sets
     *     its own; default {@link #DEFAULT_QUIET_PERIOD} (30 s)
     * @param studyQuietPeriod the complete series of a study are grouped into jobs only when no series of the
     *     study is open and no instance of the study arrived for this long; default {@link
     *     #DEFAULT_STUDY_QUIET_PERIOD} (10 s), which covers the pause between series of one send when a series
     *     completed early by its count
     * @param completeOnImagesInAcquisition whether Images in Acquisition (0020,1002), compared with the frames
     *     received (Number of Frames summed), completes a series before its quiet period; default true
     * @param maxStationGapMm two stations are adjacent when the gap between their slice ranges along the slice
     *     normal is at most this plus the larger slice spacing; default {@link #DEFAULT_MAX_STATION_GAP_MM}
     * @param idleStudyEviction a study whose series were all handed on is dropped from memory after this long
     *     without a new instance (a later instance reloads it from the spool); default {@link
     *     #DEFAULT_IDLE_STUDY_EVICTION} (1 h)
     */
    public AssemblerConfig {
        Objects.requireNonNull(spoolDirectory, "spoolDirectory is null");
        Objects.requireNonNull(quietPeriod, "quietPeriod is null");
        Objects.requireNonNull(studyQuietPeriod, "studyQuietPeriod is null");
        if (quietPeriod.isNegative() || quietPeriod.isZero()) {
            throw new IllegalArgumentException("quiet period " + quietPeriod + " must be positive");
        }
        if (studyQuietPeriod.isNegative()) {
            throw new IllegalArgumentException("study quiet period " + studyQuietPeriod + " is negative");
        }
        if (!(maxStationGapMm >= 0) || Double.isInfinite(maxStationGapMm)) {
            throw new IllegalArgumentException("max station gap " + maxStationGapMm + " mm must be finite and >= 0");
        }
        Objects.requireNonNull(idleStudyEviction, "idleStudyEviction is null");
        if (idleStudyEviction.isNegative()) {
            throw new IllegalArgumentException("idle study eviction " + idleStudyEviction + " is negative");
        }
    }

    /**
     * The defaults for a spool directory.
     *
     * @param spoolDirectory the spool root
     * @return the configuration
     */
    public static AssemblerConfig defaults(Path spoolDirectory) {
        return new AssemblerConfig(
                spoolDirectory,
                DEFAULT_QUIET_PERIOD,
                DEFAULT_STUDY_QUIET_PERIOD,
                true,
                DEFAULT_MAX_STATION_GAP_MM,
                DEFAULT_IDLE_STUDY_EVICTION);
    }

    /**
     * A copy with another series quiet period.
     *
     * @param q the series quiet period
     * @return the copy
     */
    public AssemblerConfig withQuietPeriod(Duration q) {
        return new AssemblerConfig(
                spoolDirectory, q, studyQuietPeriod, completeOnImagesInAcquisition, maxStationGapMm, idleStudyEviction);
    }

    /**
     * A copy with another study quiet period.
     *
     * @param q the study quiet period
     * @return the copy
     */
    public AssemblerConfig withStudyQuietPeriod(Duration q) {
        return new AssemblerConfig(
                spoolDirectory, quietPeriod, q, completeOnImagesInAcquisition, maxStationGapMm, idleStudyEviction);
    }

    /**
     * A copy with another idle-study eviction time.
     *
     * @param d the idle time before a handed-on study leaves memory
     * @return the copy
     */
    public AssemblerConfig withIdleStudyEviction(Duration d) {
        return new AssemblerConfig(
                spoolDirectory, quietPeriod, studyQuietPeriod, completeOnImagesInAcquisition, maxStationGapMm, d);
    }
}
