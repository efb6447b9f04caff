package org.myoscreen.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Keeps copies of the objects the tests write under {@code target/report-samples} for inspection. */
final class Samples {

    private Samples() {}

    static void keep(Path file, String name) {
        try {
            Path dir = Path.of("target", "report-samples");
            Files.createDirectories(dir);
            Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
