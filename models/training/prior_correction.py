#!/usr/bin/env python3
"""Undo the class-weight prior shift of a trained reference model in its exported ONNX graph.

Weighted cross-entropy with class weights w_c makes the network's softmax estimate
w_c * p_c / sum_k(w_k * p_k) instead of p_c: the argmax favours up-weighted classes, so psoas
and disc (weight 2, background 0.5) come out too large. Subtracting log(w_c) from the logits of
class c restores the unweighted decision rule; for the head convolution's bias that is exact
(the bias adds to every logit). The weights must be the ones train_reference.py trained with.

Usage: prior_correction.py IN_DIR OUT_DIR [w0 w1 ... w6]
Writes OUT_DIR/model.onnx and OUT_DIR/model.json (manifest of IN_DIR with the new SHA-256).
"""
import hashlib
import json
import math
import os
import sys

import onnx
from onnx import numpy_helper


def main():
    src, dst = sys.argv[1], sys.argv[2]
    weights = [float(w) for w in sys.argv[3:]] or [0.5, 1, 1, 2, 2, 1, 2]
    model = onnx.load(os.path.join(src, "model.onnx"))
    head = [n for n in model.graph.node if "logits" in n.output][0]
    if head.op_type != "Conv" or len(head.input) < 3:
        sys.exit("the node writing 'logits' is not a Conv with a bias: " + head.op_type)
    init = {i.name: i for i in model.graph.initializer}
    bias = numpy_helper.to_array(init[head.input[2]]).copy()
    if len(bias) != len(weights):
        sys.exit("%d logits but %d class weights" % (len(bias), len(weights)))
    for c, w in enumerate(weights):
        bias[c] -= math.log(w)
    init[head.input[2]].CopyFrom(numpy_helper.from_array(bias, head.input[2]))
    os.makedirs(dst, exist_ok=True)
    onnx.save(model, os.path.join(dst, "model.onnx"))
    with open(os.path.join(dst, "model.onnx"), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(src, "model.json")) as f:
        manifest = json.load(f)
    manifest["onnxSha256"] = sha
    with open(os.path.join(dst, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print("bias", [round(float(b), 4) for b in bias], "sha256", sha)


if __name__ == "__main__":
    main()
