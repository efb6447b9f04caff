"""Reads Secondary Capture images with pydicom and prints each one's pixel_array shape."""
import sys

import pydicom

for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    print("shape", *ds.pixel_array.shape, ds.PhotometricInterpretation, ds.SeriesNumber)
