package org.myoscreen.phantom;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code shared/fixtures} by walking up from the working directory. */
final class Fixtures {

    private Fixtures() {}

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            for (Path candidate : new Path[] {
                p.resolve("shared/fixtures"), p.resolveSibling("shared").resolve("fixtures")
            }) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
            p = p.getParent();
        }
        throw new IllegalStateException(
                "shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }
}
