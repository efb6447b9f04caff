"""Decodes a DICOM SEG with pydicom and prints, per segment, the number of set pixels and their
centroid in patient coordinates (LPS mm), computed from each frame's Plane Position (Patient),
the shared Plane Orientation and Pixel Measures. Also prints the pixel_array shape."""
import sys

import numpy as np
import pydicom

ds = pydicom.dcmread(sys.argv[1])
arr = ds.pixel_array
if arr.ndim == 2:
    arr = arr[np.newaxis]
shared = ds.SharedFunctionalGroupsSequence[0]
orientation = [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient]
spacing = [float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing]
row_cos = np.array(orientation[:3])
col_cos = np.array(orientation[3:])
rows, cols = int(ds.Rows), int(ds.Columns)
sums = {}
for f, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
    seg = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    pos = np.array([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
    r, c = np.nonzero(arr[f])
    if len(r) == 0:
        continue
    pts = pos + np.outer(c * spacing[1], row_cos) + np.outer(r * spacing[0], col_cos)
    s = sums.setdefault(seg, [0, np.zeros(3)])
    s[0] += len(r)
    s[1] += pts.sum(axis=0)
print("shape", *arr.shape)
for k in sorted(sums):
    n, total = sums[k]
    c = total / n
    print("segment", k, n, c[0], c[1], c[2])
