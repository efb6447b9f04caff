"""Reads an SR with pydicom and prints the number of TID 1411/1501 measurement groups and the text values."""
import sys

import pydicom

ds = pydicom.dcmread(sys.argv[1])
print("title", ds.ConceptNameCodeSequence[0].CodeMeaning)
groups = 0
texts = []


def walk(items):
    global groups
    for item in items:
        # IMAGE entries of the Image Library (TID 1601) have no concept name.
        meaning = item.ConceptNameCodeSequence[0].CodeMeaning if "ConceptNameCodeSequence" in item else ""
        if item.ValueType == "CONTAINER" and meaning == "Measurement Group":
            groups += 1
        if item.ValueType == "TEXT":
            texts.append(item.TextValue)
        if "ContentSequence" in item:
            walk(item.ContentSequence)


walk(ds.ContentSequence)
print("groups", groups)
for t in texts:
    print("text", t)
