/**
 * Segmentation inference: model packages (an ONNX file plus its {@code model.json} manifest, or an
 * nnU-Net v2 export), ONNX Runtime sessions on CPU or CUDA with fallback, preprocessing,
 * sliding-window inference with Gaussian blending, and label maps on the source grid.
 *
 * <p>Works on {@code Volume}s only: knows nothing of DICOM.
 */
package org.myoscreen.inference;
