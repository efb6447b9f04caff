package org.myoscreen.report;

/**
 * Runs PixelMed's {@code DicomSRValidator} on several SR files in one JVM, so that its stylesheets are
 * compiled once rather than once per file (its own {@code main} takes one file; that start-up is most of
 * its time). Started by {@link ValidatorsTest} as a child process with the Debian jar on the class path,
 * which the build does not have; hence the reflection. Each file's report follows a line
 * {@code === <file>}; {@code validate(String)} uses the options of the validator's own command line.
 */
final class PixelMedBatch {
    static final String SEPARATOR = "=== ";

    private PixelMedBatch() {}

    public static void main(String[] files) throws ReflectiveOperationException {
        Class<?> type = Class.forName("com.pixelmed.validate.DicomSRValidator");
        Object validator = type.getConstructor().newInstance();
        java.lang.reflect.Method validate = type.getMethod("validate", String.class);
        for (String file : files) {
            System.out.println(SEPARATOR + file);
            System.out.print(validate.invoke(validator, file));
            System.out.println();
        }
    }
}
