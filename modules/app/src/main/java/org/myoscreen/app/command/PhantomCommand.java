package org.myoscreen.app.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.phantom.PhantomOptions;
import org.myoscreen.phantom.PhantomSummary;
import org.myoscreen.phantom.PhantomWriter;
import org.myoscreen.phantom.Sex;

/**
 * {@code myoscreen phantom --output DIR}: a synthetic whole-body MR study with its exact ground
 * truth ({@code truth.json}) and label map ({@code labels.nii.gz}).
 */
public final class PhantomCommand implements Command {
    @Override
    public String name() {
        return "phantom";
    }

    @Override
    public String arguments() {
        return "--output DIR";
    }

    @Override
    public String summary() {
        return "write a synthetic whole-body MR study (DICOM) with its truth.json";
    }

    @Override
    public String description() {
        return "Every option left out is drawn from the seed within realistic adult ranges, so one "
                + "seed always gives the same study. DIR receives one folder of DICOM files per series "
                + "(station and contrast), truth.json (the measurement keys of result.json, computed "
                + "from the exact label map), labels.nii.gz (tissue labels) and levels.nii.gz "
                + "(vertebral levels). Synthetic data for tests and demonstrations, not patient data.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.value("output", "DIR", "folder to write into (created; required)"),
                OptionSpec.value("seed", "N", "random seed; default 1"),
                OptionSpec.value("sex", "M|F", "patient sex; default drawn"),
                OptionSpec.value("age", "YEARS", "patient age, 18 to 100; default drawn"),
                OptionSpec.value("weight", "KG", "patient weight in kg; default drawn"),
                OptionSpec.value("height", "M", "patient height in m; default drawn"),
                OptionSpec.value(
                        "imat-percent", "P", "IMAT in % of the paraspinal compartment; " + "default drawn (3 to 15)"),
                OptionSpec.value("stations", "N", "number of axial stations, 1 to 8; default drawn"),
                OptionSpec.flag("dixon", "also write Dixon water, fat, in-phase and opposed-phase series"),
                OptionSpec.value("spacing", "MM", "in-plane pixel spacing in mm; default drawn"),
                OptionSpec.value("slice-thickness", "MM", "slice thickness and spacing in mm; " + "default drawn"),
                OptionSpec.value("matrix", "N", "rows = columns; default drawn"),
                OptionSpec.value(
                        "transfer-syntax", "explicit|implicit", "transfer syntax of the files; " + "default explicit"));
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("phantom: unexpected argument '"
                    + args.positionals().get(0) + "' (the output folder is given with --output)");
        }
        Path output = context.resolve(
                args.value("output").orElseThrow(() -> new UsageException("phantom: --output DIR is required")));
        PhantomOptions options;
        try {
            PhantomOptions.Builder b = PhantomOptions.builder();
            b.seed(longOption(args, "seed").orElse(1L));
            args.value("sex").ifPresent(s -> b.sex(sex(s)));
            intOption(args, "age", b::ageYears);
            doubleOption(args, "weight", b::weightKg);
            doubleOption(args, "height", b::heightM);
            doubleOption(args, "imat-percent", b::imatPercent);
            intOption(args, "stations", b::stations);
            b.dixon(args.has("dixon"));
            doubleOption(args, "spacing", b::spacingMm);
            doubleOption(args, "slice-thickness", b::sliceThicknessMm);
            intOption(args, "matrix", b::matrix);
            args.value("transfer-syntax").ifPresent(t -> b.transferSyntax(transferSyntax(t)));
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("phantom: --" + e.getMessage());
        }
        context.err().println("phantom: writing seed " + options.seed() + " to " + output + " ...");
        PhantomSummary summary = PhantomWriter.write(options, output);
        context.out()
                .printf(
                        Locale.ROOT,
                        "wrote %d files in %d series (study %s) to %s%n",
                        summary.fileCount(),
                        summary.series().size(),
                        summary.studyInstanceUid(),
                        output);
        context.out()
                .printf(
                        Locale.ROOT,
                        "truth: IMAT %.2f %% (left %.2f %%, right %.2f %%), " + "LMM %.1f cm3, IMAT %.1f cm3 -> %s%n",
                        summary.truth().imatPercent(),
                        summary.truth().left().imatPercent(),
                        summary.truth().right().imatPercent(),
                        summary.truth().lmmVolumeCm3(),
                        summary.truth().imatVolumeCm3(),
                        summary.truthJson());
        return 0;
    }

    private static Sex sex(String text) {
        try {
            return Sex.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sex: expected M or F, got '" + text + "'");
        }
    }

    private static PhantomOptions.TransferSyntaxChoice transferSyntax(String text) {
        try {
            return PhantomOptions.TransferSyntaxChoice.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transfer-syntax: expected explicit or implicit, got '" + text + "'");
        }
    }

    private static java.util.Optional<Long> longOption(ParsedArgs args, String name) {
        return args.value(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": expected an integer, got '" + v + "'");
            }
        });
    }

    private static void intOption(ParsedArgs args, String name, Consumer<Integer> setter) {
        longOption(args, name).ifPresent(v -> {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + ": " + v + " is out of range");
            }
            setter.accept(v.intValue());
        });
    }

    private static void doubleOption(ParsedArgs args, String name, Consumer<Double> setter) {
        args.value(name).ifPresent(v -> {
            try {
                setter.accept(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": expected a number, got '" + v + "'");
            }
        });
    }
}
