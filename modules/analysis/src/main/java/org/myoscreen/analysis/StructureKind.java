package org.myoscreen.analysis;

/** What a label of a segmentation model denotes, as far as the measurements need to know. */
public enum StructureKind {
    /** Paraspinal compartment (erector spinae and multifidus inside their fascia), lean and fat alike. */
    PARASPINAL,
    /**
     * Intermuscular adipose tissue inside the paraspinal fascia, when the model labels it itself: then
     * the model's labels are the lean/IMAT split ({@link #PARASPINAL} voxels are lean) and the image
     * only gives the fat fraction.
     */
    IMAT,
    /** Psoas muscle. */
    PSOAS,
    /** Vertebral body. */
    VERTEBRA,
    /** Intervertebral disc. */
    DISC,
    /** Subcutaneous fat: the per-patient fat reference for single-contrast images and the Dixon swap check. */
    SUBCUTANEOUS_FAT,
    /** Anything else (ignored by the measurements). */
    OTHER
}
