/**
 * {@code myoscreen analyze} and {@code segment}: the offline end-to-end run on DICOM files (or one
 * NIfTI image), and the model alone on one NIfTI image or DICOM series — input scan, series
 * eligibility, station composition, segmentation, analysis, result objects and {@code result.json}
 * (docs/INTERFACE.md). Wiring only: the work is done by the volume, inference, analysis and report
 * modules.
 */
package org.myoscreen.app.analyze;
