package org.myoscreen.phantom;

/** Patient sex as DICOM Patient's Sex (0010,0040) writes it: M or F. */
public enum Sex {
    /** Male. */ M,
    /** Female. */ F
}
