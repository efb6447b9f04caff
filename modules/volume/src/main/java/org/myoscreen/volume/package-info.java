/**
 * Volumes: a 3D voxel grid with its affine to DICOM patient coordinates (LPS, millimetres),
 * built from MR series (single- and multi-frame), multi-station composition, Dixon water/fat
 * pairing, resampling between grids, and NIfTI-1 read and write. Also home of {@link
 * org.myoscreen.volume.Sha256}, the one file hash helper of the modules above (decision 0020).
 *
 * <p>Knows nothing of DICOM networking or models.
 */
package org.myoscreen.volume;
