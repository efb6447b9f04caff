/**
 * {@code myoscreen analyze}: the offline end-to-end run on DICOM files — input scan, series
 * eligibility, station composition, segmentation, analysis, result objects and {@code result.json}
 * (docs/INTERFACE.md). Wiring only: the work is done by the volume, inference, analysis and report
 * modules.
 */
package org.myoscreen.app.analyze;
