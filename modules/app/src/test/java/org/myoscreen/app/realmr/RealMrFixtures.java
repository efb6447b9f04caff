package org.myoscreen.app.realmr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the real-MR evaluation finds its inputs: the repository root (the folder above the working
 * directory that holds {@code models/reference}), the fixtures ({@code ../shared/fixtures} beside
 * the repository, or the system property {@code myoscreen.fixtures}) and the Dice floors
 * ({@code real-mr/dice-floors.properties} on the test classpath).
 */
final class RealMrFixtures {

    /** The floors resource, the one place the Dice floors live. */
    static final String FLOORS = "/real-mr/dice-floors.properties";

    private RealMrFixtures() {}

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("models/reference"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "no models/reference above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static Path fixtures() {
        String property = System.getProperty("myoscreen.fixtures");
        return property != null
                ? Path.of(property)
                : repositoryRoot().resolve("../shared/fixtures").normalize();
    }

    static Properties floors() {
        Properties p = new Properties();
        try (InputStream in = RealMrFixtures.class.getResourceAsStream(FLOORS)) {
            if (in == null) {
                throw new IllegalStateException("no " + FLOORS + " on the test classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
