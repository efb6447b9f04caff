package org.myoscreen.inference;

/** The series contrast that feeds one input channel of a model. */
public enum SeriesContrast {
    /** T1-weighted. */
    T1,
    /** T2-weighted (e.g. HASTE). */
    T2,
    /** Dixon water image. */
    DIXON_WATER,
    /** Dixon fat image. */
    DIXON_FAT,
    /** Dixon in-phase image. */
    DIXON_IN_PHASE,
    /** Dixon opposed-phase image. */
    DIXON_OPPOSED_PHASE,
    /** Any MR contrast (models trained across contrasts). */
    ANY_MR
}
