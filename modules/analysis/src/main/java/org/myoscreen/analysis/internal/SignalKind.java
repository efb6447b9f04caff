package org.myoscreen.analysis.internal;

/** What the compartment's values are when lean and IMAT are separated; decides the calibration's fallbacks. */
enum SignalKind {
    /** Single contrast, fat bright (T2 HASTE, T1, GRE in-phase): the intensity. */
    INTENSITY,
    /** Dixon: the fat fraction {@code F / (F + W)} (0..1). */
    FAT_FRACTION,
    /** Dixon, fractional IMAT with a subcutaneous-fat label: the fat image {@code F}. */
    FAT_IMAGE
}
