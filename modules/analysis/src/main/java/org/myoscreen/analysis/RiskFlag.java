package org.myoscreen.analysis;

/** A risk marker's flag, as result.json writes it ({@link #json()}). */
public enum RiskFlag {
    /** The predictor is on the side the publication associates with higher odds, beyond the threshold. */
    ELEVATED("elevated"),
    /** Between the thresholds. */
    TYPICAL("typical"),
    /** On the side associated with lower odds, beyond the threshold. */
    LOW("low"),
    /** The marker does not apply (sex), or its z-score is missing, or QC failed. */
    NOT_APPLICABLE("not-applicable");

    private final String json;

    RiskFlag(String json) {
        this.json = json;
    }

    /** The result.json value. */
    public String json() {
        return json;
    }
}
