package org.myoscreen.phantom;

/**
 * Slice orientation of the phantom's acquisition. Multi-station studies are axial (stations
 * follow the patient's long axis); the others exist to test geometry handling.
 */
public enum Orientation {
    /** Transverse slices, rows along +x (patient left), columns along +y (posterior). */
    AXIAL,
    /** Sagittal slices, rows along +y, columns along -z. */
    SAGITTAL,
    /** Coronal slices, rows along +x, columns along -z. */
    CORONAL,
    /** Axial tilted by 14 degrees about x and -9 degrees about y. */
    OBLIQUE
}
