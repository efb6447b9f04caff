package org.myoscreen.analysis;

/** Spine region of a measurement. */
public enum Region {
    /** T1–T12. */
    THORACIC,
    /** L1–L5. */
    LUMBAR,
    /** Cervical or sacral: counted in the totals only. */
    OTHER
}
