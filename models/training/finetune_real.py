#!/usr/bin/env python3
"""Fine-tunes the reference model on a mix of phantoms, real images and images synthesised from real
anatomy, so that it holds on MR it was not made from (issue 12). Model 0.2.x comes from this script.

Three sources per batch (fractions set by --mix):
  * phantom slices (DumpPhantoms.java), augmented exactly as train_reference.py does (re-rendering with
    random tissue tables, affine/elastic, bias, gamma, curve, blur, resolution, noise, small FOV);
  * real images with labels (DumpNifti.java: the MyoSegmenTUM Dixon water/fat/in-phase/opposed-phase
    variants, the TotalSegmentator MR example), with the same geometric and intensity augmentation;
  * label maps of real anatomy without images (MuscleMap), rendered here: each structure a random
    intensity with texture, the rest of the body a random patchwork of pseudo-tissues inside a body
    outline grown around the labelled muscles, air outside.
Real maps are partial (tum01 annotates only the paraspinal muscles): a voxel outside the annotated
classes only tells the loss "background or one of the classes this map does not annotate" (the
marginal cross-entropy of partially labelled segmentation), and the Dice term covers annotated
classes only. Label 254 is ignored; labels 200-249 are other named structures (background).

Initialisation: the weights of an exported package (model.onnx, batch norm already folded into the
convolutions), with each batch norm as a frozen identity whose bias carries the folded bias, so the
network starts as exactly that model and the export folds the batch norms back.

Usage: see models/README.md. CPU; torch.set_num_threads(--threads).
"""
import argparse
import glob
import math
import os
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

import train_reference as tr

N = tr.N_CLASSES
IGNORE = 254


def load_real(folder):
    """Model-label volumes: (image [z,y,x] float32, labels [z,y,x] uint8, known classes bool[N])."""
    out = []
    for txt in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        nx, ny, nz = map(int, open(txt).read().split())
        base = txt[:-4]
        img = np.fromfile(base + ".img", "<f4").reshape(nz, ny, nx)
        lbl = np.fromfile(base + ".lbl", "u1").reshape(nz, ny, nx)
        known = np.zeros(N, bool)
        known[0] = True
        for k in open(base + ".known").read().split():
            known[int(k)] = True
        keep = np.nonzero(((lbl > 0) & (lbl < 200)).any(axis=(1, 2)))[0]
        out.append((os.path.basename(base), img, lbl, known, keep))
    return out


def dataset_of(name):
    """The data set a dumped volume belongs to: its name up to the first '_' (tum01_water, tum01_fat, ... are
    one subject's Dixon variants, drawn as one data set so a subject with four variants is not drawn four
    times as often)."""
    return name.split("_")[0]


def crop_slices(vols, batch, crop, rng, target_p=0.85):
    xs, ys, ks = [], [], []
    groups = {}
    for v in vols:
        groups.setdefault(dataset_of(v[0]), []).append(v)
    groups = list(groups.values())
    for _ in range(batch):
        group = groups[rng.integers(len(groups))]
        name, img, lbl, known, keep = group[rng.integers(len(group))]
        nz, ny, nx = img.shape
        z = int(rng.choice(keep)) if len(keep) and rng.random() < target_p else int(rng.integers(nz))
        lab = lbl[z]
        tgt = (lab > 0) & (lab < 200)
        if tgt.any() and rng.random() < 0.8:
            yy, xx = np.nonzero(tgt)
            i = rng.integers(len(yy))
            cy, cx = int(yy[i]) + rng.integers(-40, 41), int(xx[i]) + rng.integers(-40, 41)
        else:
            cy, cx = rng.integers(ny), rng.integers(nx)
        xi, li = tr.crop_window(img, lbl, z, cy, cx, crop)
        xs.append(xi)
        ys.append(li)
        ks.append(known)
    return (torch.from_numpy(np.stack(xs))[:, None], torch.from_numpy(np.stack(ys).astype(np.int64)),
            torch.from_numpy(np.stack(ks)))


def dilate(mask, r):
    k = 2 * r + 1
    return F.max_pool2d(mask, k, stride=1, padding=r) > 0


def synthesise(lbl, gen, rng):
    """An image from a label map: random intensity per structure, pseudo-tissue patchwork elsewhere
    inside a body outline around the labelled structures, dark air outside."""
    n, s, _ = lbl.shape
    img = torch.zeros(n, 1, s, s)
    for i in range(n):
        li = lbl[i]
        ids = torch.unique(li)
        # pseudo tissues: a smooth random field cut into 3-6 intensity bands
        field = F.interpolate(torch.randn(1, 1, 6, 6, generator=gen), size=(s, s), mode="bicubic",
                              align_corners=False)[0, 0]
        k = int(rng.integers(3, 7))
        edges = torch.quantile(field.flatten(), torch.linspace(0, 1, k + 1)[1:-1])
        band = torch.bucketize(field, edges)
        levels = torch.rand(k, generator=gen)
        x = levels[band]
        # body outline: grow the labelled structures by a random margin, air outside
        struct = ((li > 0) & (li != IGNORE)).float()[None, None]
        margin = int(rng.integers(12, 45))
        body = dilate(struct, margin)[0, 0] if struct.any() else torch.ones(s, s, dtype=torch.bool)
        # a fat-like rim of random thickness just inside the outline (subcutaneous fat)
        inner = ~dilate((~body).float()[None, None], int(rng.integers(3, 12)))[0, 0]
        rim = body & ~inner
        x = torch.where(rim, torch.rand(1, generator=gen) * 0.5 + 0.5, x)
        x = torch.where(body, x, torch.rand(1, generator=gen) * 0.05)
        muscle = torch.rand(1, generator=gen)
        for v in ids.tolist():
            if v == 0 or v == IGNORE:
                continue
            # muscles share a base intensity (they are one tissue), with a small per-structure offset
            val = muscle * (0.8 + 0.4 * torch.rand(1, generator=gen)) if torch.rand(1, generator=gen) < 0.7 \
                else torch.rand(1, generator=gen)
            x = torch.where(li == v, val.clamp(0, 1), x)
        img[i, 0] = x
    return tr.blur(img, float(rng.uniform(0.3, 1.2)))


def augment_generic(x, y, gen, rng):
    """train_reference's geometric and intensity augmentation for model-label maps (y keeps 254 and 200+)."""
    n, _, s, _ = x.shape
    grid = tr.random_grid(n, s, 1.3, gen)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    y = F.grid_sample(y[:, None].float(), grid, mode="nearest", padding_mode="zeros", align_corners=False)[:, 0].long()
    flip = torch.rand(n, generator=gen) < 0.5
    swap = torch.arange(256)
    swap[:N] = tr.SWAP
    x = torch.where(flip.view(n, 1, 1, 1), x.flip(3), x)
    y = torch.where(flip.view(n, 1, 1), swap[y.flip(2)], y)
    x = x.clamp(min=0)
    x = x / x.view(n, -1).amax(1).clamp(min=1e-3).view(n, 1, 1, 1)
    curve = torch.rand(n, generator=gen) < 0.4
    x = torch.where(curve.view(n, 1, 1, 1), tr.random_curve(x, gen), x)
    inv = torch.rand(n, generator=gen) < 0.1  # an inverted contrast now and then: shapes, not grey values
    x = torch.where(inv.view(n, 1, 1, 1), 1 - x, x)
    x = x * tr.smooth_field(n, s, 4, 0.5, gen)
    gamma = torch.exp((torch.rand(n, 1, 1, 1, generator=gen) * 2 - 1) * math.log(2.0))
    x = x.clamp(min=0) ** gamma
    x = tr.percentile_clip(tr.degrade(x, 1.2, 0.3, 0.06, gen, rng))
    y = torch.where((y >= 200) & (y != IGNORE), torch.zeros_like(y), y)
    return x, y


def partial_loss(logits, y, known, weights):
    """Cross-entropy where a 0 voxel of a partial map is 'background or an unannotated class', plus the
    soft Dice of each annotated class; 254 ignored."""
    logp = logits.log_softmax(1)
    valid = y != IGNORE
    yc = torch.where(valid, y, torch.zeros_like(y))
    pick = logp.gather(1, yc[:, None])[:, 0]
    bg_allowed = ~known.clone()
    bg_allowed[:, 0] = True
    bg = torch.logsumexp(logp + torch.log(bg_allowed.float()).view(-1, N, 1, 1), dim=1)
    nll = torch.where(yc == 0, -bg, -pick) * weights[yc]
    ce = (nll * valid).sum() / (weights[yc] * valid).sum().clamp(min=1)
    p = logits.softmax(1) * valid[:, None]
    oh = F.one_hot(yc, N).permute(0, 3, 1, 2).float() * valid[:, None]
    k = known[:, :, None, None].float()
    inter = (p * oh * k).sum((0, 2, 3))
    den = ((p + oh) * k).sum((0, 2, 3))
    has = known[:, 1:].any(0)
    dice = ((2 * inter + 1) / (den + 1))[1:]
    return ce + (1 - dice[has]).mean()


def load_onnx_weights(model, path):
    """Copies an exported package's folded weights into the U-Net; batch norms become frozen identities
    carrying the folded conv bias."""
    g = onnx.load(path).graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    convs = [n for n in g.node if n.op_type == "Conv"]
    blocks = list(model.down) + list(model.dec)
    pairs = []
    for b in blocks:
        pairs += [(b.net[0], b.net[1]), (b.net[3], b.net[4])]
    assert len(convs) == len(pairs) + 1, (len(convs), len(pairs))
    with torch.no_grad():
        for node, (conv, bn) in zip(convs, pairs):
            conv.weight.copy_(torch.from_numpy(init[node.input[1]]))
            bn.weight.fill_(1)
            bn.bias.copy_(torch.from_numpy(init[node.input[2]]))
            bn.running_mean.zero_()
            bn.running_var.fill_(1 - bn.eps)
        head = convs[-1]
        model.head.weight.copy_(torch.from_numpy(init[head.input[1]]))
        model.head.bias.copy_(torch.from_numpy(init[head.input[2]]))
        for i, up in enumerate(model.up):
            up.weight.copy_(torch.from_numpy(init[f"up.{i}.weight"]))
            up.bias.copy_(torch.from_numpy(init[f"up.{i}.bias"]))


def freeze_bn(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()


@torch.no_grad()
def dice_real(model, vols):
    model.eval()
    res = {}
    for name, img, lbl, known, keep in vols:
        nz, ny, nx = img.shape
        py, px = (-ny) % 16, (-nx) % 16
        inter = np.zeros(N)
        den = np.zeros(N)
        for z0 in range(0, nz, 8):
            x = F.pad(torch.from_numpy(img[z0:z0 + 8])[:, None], (0, px, 0, py))
            pred = model(x).argmax(1)[:, :ny, :nx].numpy()
            lab = lbl[z0:z0 + 8]
            for c in range(1, N):
                if known[c]:
                    inter[c] += ((pred == c) & (lab == c)).sum()
                    den[c] += (pred == c).sum() + (lab == c).sum()
        res[name] = {c: round(2 * inter[c] / max(den[c], 1), 3) for c in range(1, N) if known[c]}
    model.train()
    freeze_bn(model)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--phantoms", required=True, help="DumpPhantoms folder")
    ap.add_argument("--phantom-val", required=True)
    ap.add_argument("--real", required=True, help="DumpNifti folder of real images with labels")
    ap.add_argument("--anatomy", required=True, help="DumpNifti folder of label maps (images synthesised)")
    ap.add_argument("--init", required=True, help="model.onnx of a package, or a checkpoint.pt of this script")
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--mix", default="0.55,0.30,0.15", help="phantom,real,anatomy fractions of each batch")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=20261206)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    images, tissues = tr.load(args.phantoms)
    vimages, vtissues = tr.load(args.phantom_val)
    rare = tr.slice_index(tissues)
    real = load_real(args.real)
    anatomy = load_real(args.anatomy)
    mix = np.array([float(v) for v in args.mix.split(",")])
    print(f"phantoms {len(images)}, real {[r[0] for r in real]}, anatomy {[a[0] for a in anatomy]}", flush=True)
    model = tr.UNet()
    if args.init.endswith(".onnx"):
        load_onnx_weights(model, args.init)
    else:
        model.load_state_dict(torch.load(args.init))
    model.train()
    freeze_bn(model)
    print("start: real dice", dice_real(model, real), flush=True)
    print("start: phantom val dice", np.round(tr.evaluate(model, vimages, vtissues), 4), flush=True)
    freeze_bn(model)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    weights = torch.tensor([0.5, 1, 1, 2, 2, 1, 2])
    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    budget = args.minutes * 60
    step = 0
    while time.time() - start < budget:
        frac = (time.time() - start) / budget
        for g in opt.param_groups:
            g["lr"] = args.lr * (min(1.0, step / 100) * 0.5 * (1 + math.cos(math.pi * min(frac, 1))))
        counts = np.floor(mix / mix.sum() * args.batch).astype(int)
        counts[0] += args.batch - counts.sum()
        xs, ys, ks = [], [], []
        if counts[0]:
            x, t = tr.sample_batch(images, tissues, rare, counts[0], args.crop, rng)
            x, y = tr.augment(x, t, gen, rng)
            xs.append(x)
            ys.append(y)
            ks.append(torch.ones(counts[0], N, dtype=torch.bool))
        if counts[1]:
            x, y, k = crop_slices(real, counts[1], args.crop, rng)
            x, y = augment_generic(x, y, gen, rng)
            xs.append(x)
            ys.append(y)
            ks.append(k)
        if counts[2]:
            _, y, k = crop_slices(anatomy, counts[2], args.crop, rng, target_p=0.9)
            x = synthesise(y, gen, rng)
            x, y = augment_generic(x, y, gen, rng)
            xs.append(x)
            ys.append(y)
            ks.append(k)
        x, y, k = torch.cat(xs), torch.cat(ys), torch.cat(ks)
        loss = partial_loss(model(x), y, k, weights)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 25 == 0:
            print(f"step {step} t={time.time() - start:.0f}s lr={opt.param_groups[0]['lr']:.2e} loss={loss.item():.4f}",
                  flush=True)
        if step % 300 == 0:
            torch.save(model.state_dict(), os.path.join(args.out, f"checkpoint_{step}.pt"))
            torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
            print("real dice", dice_real(model, real), flush=True)
            print("phantom val dice", np.round(tr.evaluate(model, vimages, vtissues), 4), flush=True)
            freeze_bn(model)
    torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
    print(f"done: {step} steps in {time.time() - start:.0f}s", flush=True)
    print("real dice", dice_real(model, real), flush=True)
    print("phantom val dice", np.round(tr.evaluate(model, vimages, vtissues), 4), flush=True)


if __name__ == "__main__":
    main()
