/**
 * Measurements from a volume and its label map: paraspinal lean muscle (LMM) and intermuscular
 * adipose tissue (IMAT) per side, region and vertebral level, psoas area at L3 and PMI, fat
 * fraction; vertebral levels; reference tables and z-scores; published risk markers; QC.
 *
 * <p>Works on {@code Volume}s and label maps only: knows nothing of DICOM or ONNX.
 */
package org.myoscreen.analysis;
