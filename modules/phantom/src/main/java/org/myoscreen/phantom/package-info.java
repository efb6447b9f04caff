/**
 * A synthetic whole-body MR study with exact ground truth: anatomy per axial slice, T2 HASTE-like
 * and Dixon contrasts, randomised by seed, written as DICOM series with {@code truth.json} and the
 * label map as NIfTI. For tests, the demo and the training of the reference model.
 *
 * <p>Knows nothing of anything downstream (segmentation, analysis, reporting).
 */
package org.myoscreen.phantom;
