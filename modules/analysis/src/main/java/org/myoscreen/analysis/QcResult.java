package org.myoscreen.analysis;

import java.util.List;

/**
 * Quality control: whether the numbers may be reported, and every flag (blocking reasons first,
 * then the reasons individual values are empty), as result.json's {@code qc} block writes them.
 *
 * @param passed false when a blocking reason was found: then no measurement, z-score or risk flag is reported
 * @param flags human-readable flags
 */
public record QcResult(boolean passed, List<String> flags) {

    /** Copies the list. */
    public QcResult {
        flags = List.copyOf(flags);
    }
}
