package org.myoscreen.phantom.testing;

import org.myoscreen.phantom.TissueLabel;

/**
 * The phantom's exact tissue labels renumbered to the reference model's convention
 * (models/reference/model.json): paraspinal compartment (lean and IMAT together) left 1 / right 2,
 * psoas left 3 / right 4, vertebral body 5, intervertebral disc 6, subcutaneous fat 7; anything
 * else 0. For tests in any module that compare against, or stand in for, the reference model.
 */
public final class ReferenceModelLabels {

    /** Highest model label. */
    public static final int MAX = 7;

    private static final short[] MODEL_LABEL_OF_TISSUE = new short[256];

    static {
        MODEL_LABEL_OF_TISSUE[TissueLabel.PARASPINAL_LEAN_LEFT.value()] = 1;
        MODEL_LABEL_OF_TISSUE[TissueLabel.IMAT_LEFT.value()] = 1;
        MODEL_LABEL_OF_TISSUE[TissueLabel.PARASPINAL_LEAN_RIGHT.value()] = 2;
        MODEL_LABEL_OF_TISSUE[TissueLabel.IMAT_RIGHT.value()] = 2;
        MODEL_LABEL_OF_TISSUE[TissueLabel.PSOAS_LEFT.value()] = 3;
        MODEL_LABEL_OF_TISSUE[TissueLabel.PSOAS_RIGHT.value()] = 4;
        MODEL_LABEL_OF_TISSUE[TissueLabel.VERTEBRAL_BODY.value()] = 5;
        MODEL_LABEL_OF_TISSUE[TissueLabel.INTERVERTEBRAL_DISC.value()] = 6;
        MODEL_LABEL_OF_TISSUE[TissueLabel.SUBCUTANEOUS_FAT.value()] = 7;
    }

    private ReferenceModelLabels() {}

    /**
     * The model label of one phantom tissue label.
     *
     * @param tissueLabel a phantom label value (only its low 8 bits are read, as label maps store them)
     * @return 0..{@link #MAX}
     */
    public static short of(int tissueLabel) {
        return MODEL_LABEL_OF_TISSUE[tissueLabel & 0xFF];
    }
}
