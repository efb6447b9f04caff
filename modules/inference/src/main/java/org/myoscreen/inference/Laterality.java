package org.myoscreen.inference;

/** Side of the patient (DICOM LPS: +x is the patient's left). */
public enum Laterality {
    /** Patient's left. */
    LEFT,
    /** Patient's right. */
    RIGHT,
    /** Midline or both sides. */
    NONE
}
