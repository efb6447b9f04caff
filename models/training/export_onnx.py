#!/usr/bin/env python3
"""Exports a trained reference checkpoint to ONNX (opset 13) and writes the package's model.json
from the template with the ONNX file's SHA-256. Usage: see models/README.md."""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_reference import UNet  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--template", required=True)
    ap.add_argument("--out", required=True, help="package folder")
    ap.add_argument("--base", type=int, default=8)
    ap.add_argument("--levels", type=int, default=5)
    ap.add_argument("--version", default=None)
    args = ap.parse_args()
    manifest = json.load(open(args.template))
    py, px = manifest["patchSize"]
    model = UNet(base=args.base, levels=args.levels)
    model.load_state_dict(torch.load(args.checkpoint))
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    torch.onnx.export(model, torch.zeros(1, 1, py, px), onnx_path, opset_version=13,
                      input_names=[manifest["inputName"]], output_names=[manifest["outputName"]],
                      dynamic_axes={manifest["inputName"]: {0: "batch"}, manifest["outputName"]: {0: "batch"}},
                      do_constant_folding=True)
    manifest["onnxSha256"] = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    if args.version:
        manifest["version"] = args.version
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print("wrote", onnx_path, os.path.getsize(onnx_path), "bytes, sha256", manifest["onnxSha256"])


if __name__ == "__main__":
    main()
