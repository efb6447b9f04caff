package org.myoscreen.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.myoscreen.analysis.internal.LevelFinder;
import org.myoscreen.analysis.internal.Measured;
import org.myoscreen.analysis.internal.Measurer;
import org.myoscreen.analysis.internal.SubcutaneousFatFinder;
import org.myoscreen.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis entry point: vertebral levels, measurements, QC, z-scores and risk markers of one
 * study. Stateless apart from its configuration; thread-safe (the site reference synchronises
 * itself). Does not record into the site reference: the caller records studies that passed QC
 * ({@link #recordForSiteReference}).
 */
public final class MuscleAnalyzer {

    private static final Logger LOG = LoggerFactory.getLogger(MuscleAnalyzer.class);
    /** Height assumed for the compartment plausibility check when Patient's Size is missing, in m. */
    static final double NOMINAL_HEIGHT_M = 1.75;
    /** Dixon: subcutaneous fat with a median fat fraction below this means fat and water are swapped. */
    static final double SWAP_FAT_FRACTION = 0.5;

    private final ReferencePopulation reference;
    private final RiskModels risk;
    private final AnalysisOptions options;

    /**
     * @param reference the reference population for z-scores
     * @param risk the risk markers
     * @param options rules and QC limits
     */
    public MuscleAnalyzer(ReferencePopulation reference, RiskModels risk, AnalysisOptions options) {
        this.reference = Objects.requireNonNull(reference, "reference is null");
        this.risk = Objects.requireNonNull(risk, "risk is null");
        this.options = Objects.requireNonNull(options, "options is null");
    }

    /** The image that shows bodies against discs: the single contrast, or Dixon water (discs are water-rich). */
    private static Volume levelImage(Images images) {
        return images instanceof Images.Dixon d ? d.pair().water() : ((Images.SingleContrast) images).image();
    }

    /**
     * Analyses one study.
     *
     * @throws IllegalArgumentException when the input is inconsistent (see {@link AnalysisInput})
     */
    public AnalysisResult analyze(AnalysisInput input) {
        long t0 = System.nanoTime();
        LevelAssignment levels =
                LevelFinder.find(input.labels(), input.structures(), Optional.of(levelImage(input.images())), options);
        // No subcutaneous-fat label: a fat reference derived from the image calibrates single contrast.
        SubcutaneousFatFinder.Supplemented fat = SubcutaneousFatFinder.supplement(input, options);
        Measured measured = Measurer.measure(fat.derived(), levels, options);
        Measurements m = measured.measurements();
        List<String> blocking = new ArrayList<>(measured.blocking());
        List<String> coverage = coverage(levels);
        blocking.addAll(coverage);
        List<String> implausible = plausibility(input, measured);
        blocking.addAll(implausible);
        boolean passed = blocking.isEmpty();
        boolean coverageOnly = !passed && measured.blocking().isEmpty() && implausible.isEmpty();
        Optional<PartialCoverage> partial = coverageOnly ? partial(levels, m) : Optional.empty();
        ZScores z = passed
                ? reference.zScores(input.patient(), m.imatPercent(), m.lmmIndexCm3PerBmi())
                : ZScores.none("quality control did not pass: z-scores not computed");
        List<RiskResult> markers = risk.evaluate(input.patient().sex(), z, passed);
        LinkedHashSet<String> flags = new LinkedHashSet<>(blocking);
        flags.addAll(levels.flags());
        flags.addAll(fat.flags());
        flags.addAll(m.notes());
        flags.addAll(z.notes());
        QcResult qc = new QcResult(passed, List.copyOf(flags));
        LOG.info(
                "event=analysis_done passed={} levels={} flags={} ms={}",
                passed,
                levels.levels().size(),
                flags.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return new AnalysisResult(m, levels, z, markers, qc, partial);
    }

    /**
     * The identified lumbar and thoracic levels' values and the psoas at L3, when there are any and
     * the compartment split is known; what needs the missing levels is listed as refused.
     */
    private Optional<PartialCoverage> partial(LevelAssignment levels, Measurements m) {
        Map<String, CompartmentValues> perLevel = new LinkedHashMap<>();
        for (VertebralLevel l : levels.levels()) {
            CompartmentValues v = m.levels().get(l.name());
            if (l.region() != Region.OTHER && v != null) {
                perLevel.put(l.name(), v);
            }
        }
        if (perLevel.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = List.copyOf(perLevel.keySet());
        String range = names.get(0) + "-" + names.get(names.size() - 1);
        List<String> refused = new ArrayList<>();
        List<String> missing = options.measurementRange().missingIn(levels);
        if (!missing.isEmpty()) {
            refused.add("levels " + options.measurementRange().label() + " not all identified (missing "
                    + String.join(", ", missing)
                    + "): lmm, imat, imat_percent, lmm_index, z-scores and risk not reported");
        }
        if (levels.level("L3").isEmpty()) {
            refused.add("L3 not identified: psoas_area_l3 and pmi not reported");
        }
        refused.add("per-level values reported for " + range + " only (the levels identified)");
        return Optional.of(new PartialCoverage(range, perLevel, m.psoasAreaL3Cm2(), m.pmiCm2PerM2(), refused));
    }

    /**
     * Records a study that passed QC into the site reference, if the reference population keeps
     * one; returns whether it was recorded.
     */
    public boolean recordForSiteReference(String studyKey, PatientFacts patient, AnalysisResult result) {
        if (!result.qc().passed() || reference.site().isEmpty()) {
            return false;
        }
        return reference
                .site()
                .get()
                .record(
                        studyKey,
                        patient,
                        result.measurements().imatPercent(),
                        result.measurements().lmmIndexCm3PerBmi());
    }

    private List<String> coverage(LevelAssignment levels) {
        List<String> out = new ArrayList<>();
        List<String> names = levels.names();
        if (names.size() < options.minLevels()) {
            out.add("insufficient spine coverage: " + names.size() + " vertebral levels identified (minimum "
                    + options.minLevels() + ")");
        }
        if (options.requireAllLumbar()) {
            List<String> missing = new ArrayList<>();
            for (int l = 1; l <= 5; l++) {
                if (!names.contains("L" + l)) {
                    missing.add("L" + l);
                }
            }
            if (!missing.isEmpty()) {
                out.add("insufficient spine coverage: lumbar levels not all identified (missing "
                        + String.join(", ", missing) + ")");
            }
        }
        return out;
    }

    private List<String> plausibility(AnalysisInput input, Measured measured) {
        List<String> out = new ArrayList<>();
        double l = measured.leftCompartmentCm3();
        double r = measured.rightCompartmentCm3();
        if (l + r > 0 && (l == 0 || r == 0)) {
            out.add("no " + (l == 0 ? "left" : "right") + " paraspinal compartment: one side missing");
        } else if (l + r > 0) {
            double asymmetry = Math.abs(l - r) / (0.5 * (l + r));
            if (asymmetry > options.maxAsymmetry()) {
                out.add(String.format(
                        Locale.ROOT,
                        "left/right asymmetry %.0f %% of compartment volume exceeds %.0f %%",
                        100 * asymmetry,
                        100 * options.maxAsymmetry()));
            }
        }
        if (l + r > 0 && measured.compartmentExtentZMm() > 0) {
            double h = input.patient().heightM().orElse(NOMINAL_HEIGHT_M);
            double meanAreaCm2 = (l + r) / (measured.compartmentExtentZMm() / 10);
            double index = meanAreaCm2 / (h * h);
            if (index < options.minCompartmentAreaIndex() || index > options.maxCompartmentAreaIndex()) {
                out.add(String.format(
                        Locale.ROOT,
                        "paraspinal compartment implausible for body size: mean cross-section "
                                + "%.1f cm² / height² = %.2f cm²/m² outside %.2f–%.2f",
                        meanAreaCm2,
                        index,
                        options.minCompartmentAreaIndex(),
                        options.maxCompartmentAreaIndex()));
            }
        }
        if (measured.meanConfidence().isPresent()
                && measured.meanConfidence().getAsDouble() < options.minConfidence()) {
            out.add(String.format(
                    Locale.ROOT,
                    "segmentation confidence %.2f below %.2f over the paraspinal compartment",
                    measured.meanConfidence().getAsDouble(),
                    options.minConfidence()));
        }
        if (measured.subcutaneousFatFraction().isPresent()
                && measured.subcutaneousFatFraction().getAsDouble() < SWAP_FAT_FRACTION) {
            out.add(String.format(
                    Locale.ROOT,
                    "Dixon fat/water swap suspected: subcutaneous fat has median fat fraction " + "%.0f %%",
                    100 * measured.subcutaneousFatFraction().getAsDouble()));
        }
        return out;
    }
}
