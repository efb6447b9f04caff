package org.myoscreen.phantom;

import java.util.Optional;

/**
 * The phantom's label map convention — the one place that defines what each label value means.
 * Left and right are the patient's (DICOM LPS: +x is the patient's left). The paraspinal
 * compartment (erector spinae and multifidus inside their fascia) is split into lean muscle and
 * intermuscular adipose tissue (IMAT); lean + IMAT of one side is that side's compartment.
 *
 * <p>Per-vertebra levels are in a separate map, see {@link VertebralLevel}.
 */
public enum TissueLabel {
    /** Air outside the body. */
    BACKGROUND(0),
    /** Lean paraspinal muscle, patient's left. */
    PARASPINAL_LEAN_LEFT(1),
    /** Lean paraspinal muscle, patient's right. */
    PARASPINAL_LEAN_RIGHT(2),
    /** Intermuscular fat inside the left paraspinal fascia. */
    IMAT_LEFT(3),
    /** Intermuscular fat inside the right paraspinal fascia. */
    IMAT_RIGHT(4),
    /** Psoas muscle, patient's left. */
    PSOAS_LEFT(5),
    /** Psoas muscle, patient's right. */
    PSOAS_RIGHT(6),
    /** Vertebral body (T1..L5, S1; which one: the level map). */
    VERTEBRAL_BODY(7),
    /** Intervertebral disc. */
    INTERVERTEBRAL_DISC(8),
    /** Spinal canal with CSF. */
    SPINAL_CANAL(9),
    /** Subcutaneous fat. */
    SUBCUTANEOUS_FAT(10),
    /** Posterior elements: pedicles, laminae, transverse and spinous processes. */
    POSTERIOR_ELEMENTS(11),
    /** Lung. */
    LUNG(12),
    /** Liver. */
    LIVER(13),
    /** Kidney (either side). */
    KIDNEY(14),
    /** Spleen. */
    SPLEEN(15),
    /** Heart and great vessels. */
    HEART(16),
    /** Bowel. */
    BOWEL(17),
    /** Other soft tissue inside the body wall (other muscles, vessels, connective tissue). */
    SOFT_TISSUE(18),
    /** Visceral (intra-abdominal and mediastinal) fat. */
    VISCERAL_FAT(19);

    private final int value;

    TissueLabel(int value) {
        this.value = value;
    }

    /** The voxel value in the label map. */
    public int value() {
        return value;
    }

    /** The label with voxel value {@code value}, if any. */
    public static Optional<TissueLabel> of(int value) {
        TissueLabel[] all = values();
        return value >= 0 && value < all.length ? Optional.of(all[value]) : Optional.empty();
    }

    /** True for lean and IMAT voxels of either paraspinal compartment. */
    public boolean isParaspinalCompartment() {
        return this == PARASPINAL_LEAN_LEFT || this == PARASPINAL_LEAN_RIGHT || this == IMAT_LEFT || this == IMAT_RIGHT;
    }
}
