#!/usr/bin/python3
"""Emit pydicom's view of every file under a directory, as one JSON object on stdout.

Used by PydicomCorpusTest (modules/dicom/src/test/java). For each file (recursive, sorted relative paths):
  {"status": "ok", "transferSyntax": UID or null, "json": Dataset.to_json_dict()}
  {"status": "rejected", "error": "...", "forcedJson": {...}}   dcmread() raised (pydicom refuses the file);
                                              forcedJson is dcmread(force=True).to_json_dict() when that works
  {"status": "jsonError", "error": "..."}     dcmread() worked but to_json_dict() raised
dcmread is called with its defaults (force=False), so files without preamble are rejected by pydicom.

Run: /usr/bin/python3 pydicom_corpus.py DIRECTORY
"""
import json
import os
import sys
import warnings

import pydicom

warnings.simplefilter("ignore")
import logging
logging.getLogger("pydicom").setLevel(logging.CRITICAL)


def main(root):
    result = {"pydicomVersion": pydicom.__version__, "files": {}}
    paths = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            paths.append(os.path.relpath(os.path.join(dirpath, name), root))
    for rel in sorted(paths):
        path = os.path.join(root, rel)
        try:
            ds = pydicom.dcmread(path)
        except Exception as e:  # pydicom raises many types; all mean "rejected"
            entry = {"status": "rejected", "error": "%s: %s" % (type(e).__name__, e)}
            try:
                forced = pydicom.dcmread(path, force=True)
                entry["forcedJson"] = forced.to_json_dict()
            except Exception:
                pass
            result["files"][rel] = entry
            continue
        ts = None
        meta = getattr(ds, "file_meta", None)
        if meta is not None and "TransferSyntaxUID" in meta:
            ts = str(meta.TransferSyntaxUID)
        try:
            result["files"][rel] = {"status": "ok", "transferSyntax": ts, "json": ds.to_json_dict()}
        except Exception as e:
            result["files"][rel] = {"status": "jsonError", "error": "%s: %s" % (type(e).__name__, e)}
    json.dump(result, sys.stdout, allow_nan=True)


if __name__ == "__main__":
    main(sys.argv[1])
