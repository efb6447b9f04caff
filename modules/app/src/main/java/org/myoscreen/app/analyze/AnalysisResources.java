package org.myoscreen.app.analyze;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.myoscreen.analysis.AnalysisOptions;
import org.myoscreen.analysis.LevelRange;
import org.myoscreen.analysis.MuscleAnalyzer;
import org.myoscreen.analysis.ReferencePopulation;
import org.myoscreen.analysis.ReferenceTable;
import org.myoscreen.analysis.RiskModels;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.inference.InferenceException;
import org.myoscreen.inference.ModelPackage;
import org.myoscreen.inference.Segmenter;
import org.myoscreen.inference.SegmenterConfig;

/**
 * Loads what an analysis needs, for {@code analyze} and for the node's workers alike: the model package,
 * the reference population table and the risk models. Every failure is a {@link UsageException} (exit
 * code 2) in one line that starts with the caller's label for the setting, e.g. {@code analyze: --model}
 * or {@code configuration: model (from file conf/node.yml)}. Stateless.
 */
public final class AnalysisResources {
    private AnalysisResources() {}

    /**
     * The analyser with the reference table and risk models read from their files.
     *
     * @param referenceFile the reference population table
     * @param referenceLabel names the setting of {@code referenceFile} in messages
     * @param riskFile the risk models
     * @param riskLabel names the setting of {@code riskFile} in messages
     * @param range the vertebral levels the headline values cover
     * @return the analyser
     * @throws UsageException when a file is missing or unreadable
     */
    public static MuscleAnalyzer analyzer(
            Path referenceFile, String referenceLabel, Path riskFile, String riskLabel, LevelRange range) {
        return new MuscleAnalyzer(
                ReferencePopulation.of(read(referenceFile, referenceLabel, () -> ReferenceTable.read(referenceFile))),
                read(riskFile, riskLabel, () -> RiskModels.read(riskFile)),
                AnalysisOptions.defaults().withMeasurementRange(range));
    }

    /**
     * Opens the model package with the outputs the analysis uses (labels and probabilities).
     *
     * @param modelDir the package folder
     * @param label names the setting of {@code modelDir} in messages
     * @param hint appended to the message when the folder does not exist (how to give one), may be empty
     * @return the open model; the caller closes it
     * @throws UsageException when the folder is missing or the package does not load
     */
    public static StudySegmenter model(Path modelDir, String label, String hint) {
        if (!Files.isDirectory(modelDir)) {
            throw new UsageException(label + ": no model package at " + modelDir + hint);
        }
        try {
            return StudySegmenter.of(Segmenter.open(
                    ModelPackage.load(modelDir), SegmenterConfig.defaults().withOutputs(true, true)));
        } catch (InferenceException e) {
            throw new UsageException(label + ": " + modelDir + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(Path file, String label, Supplier<T> reader) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(label + ": no such file: " + file);
        }
        try {
            return reader.get();
        } catch (RuntimeException e) {
            throw new UsageException(label + ": " + file + ": " + e.getMessage(), e);
        }
    }
}
