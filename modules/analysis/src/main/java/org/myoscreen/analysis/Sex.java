package org.myoscreen.analysis;

/** Patient's Sex (0010,0040) as far as reference strata and risk applicability use it. */
public enum Sex {
    /** Male. */
    M,
    /** Female. */
    F
}
