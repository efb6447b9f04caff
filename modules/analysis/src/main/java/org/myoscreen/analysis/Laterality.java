package org.myoscreen.analysis;

/** The patient's side of a structure (DICOM LPS: +x is the patient's left). */
public enum Laterality {
    /** Patient's left. */
    LEFT,
    /** Patient's right. */
    RIGHT,
    /** Midline or unpaired. */
    NONE
}
