package org.myoscreen.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the installation (the repository, or an unpacked release) lies, so that relative default
 * paths such as {@code models/reference} work from any working directory. Stateless.
 */
public final class Installation {
    private Installation() {}

    /**
     * The installation root: the nearest ancestor of this code's jar or classes folder that holds
     * {@code modules/app}.
     *
     * @return the root, or empty when it cannot be found
     */
    public static Optional<Path> root() {
        try {
            Path p = Path.of(Installation.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath();
            for (int i = 0; i < 6 && p != null; i++, p = p.getParent()) {
                if (Files.isDirectory(p.resolve("modules/app"))) {
                    return Optional.of(p);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A configured path: against the working directory; a relative value that does not exist there
     * and was not given explicitly is looked up in the installation, falling back to the working
     * directory (so that an error names that path).
     *
     * @param workingDirectory the working directory
     * @param value the configured value
     * @param explicit whether the user gave the value (then it is never looked up elsewhere)
     * @return the path to use
     */
    public static Path resolve(Path workingDirectory, String value, boolean explicit) {
        Path here = workingDirectory.resolve(value).normalize();
        if (explicit || Files.exists(here) || Path.of(value).isAbsolute()) {
            return here;
        }
        return root().map(r -> r.resolve(value)).filter(Files::exists).orElse(here);
    }
}
