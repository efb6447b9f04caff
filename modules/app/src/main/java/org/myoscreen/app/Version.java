package org.myoscreen.app;

/** The product version, from the jar manifest when packaged, else "dev". */
public final class Version {
    private Version() {}

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
