package org.myoscreen.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the analysis found for one study.
 *
 * @param measurements the values as measured (also when QC failed, for audit; see {@link #reported()})
 * @param levels the vertebral levels identified
 * @param zScores z-scores (empty when QC failed)
 * @param risk risk markers, in the order of the risk model file
 * @param qc quality control
 * @param partial the per-level values that may be reported although QC failed, when it failed only
 *     for incomplete spine coverage (see {@link PartialCoverage}); empty otherwise
 */
public record AnalysisResult(
        Measurements measurements,
        LevelAssignment levels,
        ZScores zScores,
        List<RiskResult> risk,
        QcResult qc,
        Optional<PartialCoverage> partial) {

    /** A result without a partial-coverage report. */
    public AnalysisResult(
            Measurements measurements, LevelAssignment levels, ZScores zScores, List<RiskResult> risk, QcResult qc) {
        this(measurements, levels, zScores, risk, qc, Optional.empty());
    }

    /** Copies the list. */
    public AnalysisResult {
        Objects.requireNonNull(partial, "partial is null");
        Objects.requireNonNull(measurements, "measurements is null");
        Objects.requireNonNull(levels, "levels is null");
        Objects.requireNonNull(zScores, "zScores is null");
        risk = List.copyOf(risk);
        Objects.requireNonNull(qc, "qc is null");
    }

    /** The measurements that may be reported: empty when QC did not pass. */
    public Optional<Measurements> reported() {
        return qc.passed() ? Optional.of(measurements) : Optional.empty();
    }
}
