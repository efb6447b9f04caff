package org.myoscreen.app.realmr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/real-mr.sh}: per-structure Dice of each model package on each labelled real MR case
 * (the evaluation of {@link RealMrEvaluationTest}, without floors), and the seconds of each
 * {@code segment} run. Arguments: model package folders (default {@code models/reference}).
 */
public final class RealMrBench {

    private RealMrBench() {}

    /** Prints the table to standard output; exit 2 when there is no fixture. */
    public static void main(String[] args) throws Exception {
        Path root = RealMrFixtures.repositoryRoot();
        List<Path> models = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"models/reference"} : args) {
            models.add(root.resolve(a).normalize());
        }
        Path fixtures = RealMrFixtures.fixtures();
        List<RealMrCase> cases = RealMrCase.under(fixtures);
        if (cases.isEmpty()) {
            System.err.println("real-mr: no labelled case under " + fixtures);
            System.exit(2);
        }
        Path work = Files.createTempDirectory("real-mr-bench");
        List<String> rows = new ArrayList<>();
        List<String> timing = new ArrayList<>();
        for (Path model : models) {
            for (RealMrCase c : cases) {
                RealMrEvaluation.Measured m =
                        RealMrEvaluation.run(c, model, work.resolve(model.getFileName() + "-" + c.id()));
                m.dice()
                        .forEach((structure, d) -> rows.add(String.format(
                                Locale.ROOT, "| %-18s | %-9s | %-28s | %5.3f |", structure, c.id(), m.model(), d)));
                timing.add(String.format(
                        Locale.ROOT, "| %-9s | %-28s | %-24s | %5.1f |", c.id(), m.model(), m.input(), m.seconds()));
            }
        }
        System.out.println("| structure          | case      | model                        | Dice  |");
        System.out.println("| ---                | ---       | ---                          | ---   |");
        rows.stream().sorted().forEach(System.out::println);
        System.out.println();
        System.out.println("| case      | model                        | input                    | s     |");
        System.out.println("| ---       | ---                          | ---                      | ---   |");
        timing.forEach(System.out::println);
        System.out.println();
        for (RealMrCase c : cases) {
            System.out.println(c.id() + ": " + c.dataset());
        }
    }
}
