#!/usr/bin/env python3
"""Trains the myoscreen reference model: a small 2D U-Net on phantom slices.

Input: folders written by DumpPhantoms.java (slices already resampled to the model grid and
normalised exactly as the Java segmenter does; labels are phantom TissueLabel values).
Output: model.onnx (opset 13, input "image" [N,1,256,256], output "logits" [N,7,256,256]).

Strong randomisation on top of the generator's own (sex, age, BMI, IMAT, field of view, matrix,
slice thickness), so that the network learns shapes and context rather than the generator's grey
values: per sample the image is either the generator's own (40 %), a re-rendering with a uniformly
random intensity per phantom tissue (25 %), or a re-rendering with a "structured" table (35 %) that
covers T1/gradient-echo-like contrast (fat bright, muscle nearly as dark as air, discs and CSF dark)
and T2-like contrast with wide ranges; then random affine (rotation +-20 deg, scale 0.74-1.35,
anisotropy 0.87-1.15, shift) plus a smooth elastic displacement, left-right flip with label swap, a
monotone random piecewise-linear intensity curve (half), smooth multiplicative bias field, gamma
(0.45-2.2), blur, down/up-sampling to 2-4 mm pixels (a third), Gaussian or Rician noise, a small
field of view (a fifth: image and labels blanked outside a random box), then the percentile clip.

Usage: see models/README.md. CPU only; torch.set_num_threads(1) by default.
"""
import argparse
import glob
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# phantom TissueLabel value -> model label (0 background, 1..6 as in model.json)
TISSUE_TO_MODEL = np.zeros(256, dtype=np.int64)
TISSUE_TO_MODEL[[1, 3]] = 1  # paraspinal lean + IMAT, left
TISSUE_TO_MODEL[[2, 4]] = 2  # right
TISSUE_TO_MODEL[5] = 3  # psoas left
TISSUE_TO_MODEL[6] = 4  # psoas right
TISSUE_TO_MODEL[7] = 5  # vertebral body
TISSUE_TO_MODEL[8] = 6  # disc
N_TISSUES = 20
N_CLASSES = 7
SWAP = torch.tensor([0, 2, 1, 4, 3, 5, 6])  # left <-> right after a flip


def load(folder):
    images, tissues = [], []
    for txt in sorted(glob.glob(os.path.join(folder, "seed_*.txt"))):
        nx, ny, nz = map(int, open(txt).read().split())
        base = txt[:-4]
        images.append(np.fromfile(base + ".img", "<f4").reshape(nz, ny, nx))
        tissues.append(np.fromfile(base + ".lbl", "u1").reshape(nz, ny, nx))
    return images, tissues


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.net(x)


class UNet(nn.Module):
    def __init__(self, base=8, levels=5, n_classes=N_CLASSES):
        super().__init__()
        ch = [base * 2 ** i for i in range(levels)]
        self.down = nn.ModuleList([Block(1 if i == 0 else ch[i - 1], ch[i]) for i in range(levels)])
        self.up = nn.ModuleList([nn.ConvTranspose2d(ch[i], ch[i - 1], 2, stride=2) for i in range(levels - 1, 0, -1)])
        self.dec = nn.ModuleList([Block(2 * ch[i - 1], ch[i - 1]) for i in range(levels - 1, 0, -1)])
        self.head = nn.Conv2d(ch[0], n_classes, 1)

    def forward(self, x):
        skips = []
        for i, d in enumerate(self.down):
            x = d(x)
            if i < len(self.down) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for up, dec in zip(self.up, self.dec):
            x = up(x)
            x = dec(torch.cat([x, skips.pop()], 1))
        return self.head(x)


def slice_index(tissues):
    """Per volume: the slices that contain a psoas or disc label (rarer than the paraspinal ones)."""
    rare = []
    for tis in tissues:
        lab = TISSUE_TO_MODEL[tis]
        rare.append(np.nonzero(np.isin(lab, [3, 4, 6]).any(axis=(1, 2)))[0])
    return rare


def sample_batch(images, tissues, rare, batch, crop, rng):
    xs, ts = [], []
    for _ in range(batch):
        v = rng.integers(len(images))
        img, tis = images[v], tissues[v]
        nz, ny, nx = img.shape
        z = rng.choice(rare[v]) if len(rare[v]) and rng.random() < 0.5 else rng.integers(nz)
        lab = TISSUE_TO_MODEL[tis[z]]
        if rng.random() < 0.8 and lab.any():
            present = np.unique(lab[lab > 0])
            yy, xx = np.nonzero(lab == rng.choice(present))
            i = rng.integers(len(yy))
            cy, cx = int(yy[i]) + rng.integers(-32, 33), int(xx[i]) + rng.integers(-32, 33)
        else:
            cy, cx = rng.integers(ny), rng.integers(nx)
        xi, ti = crop_window(img, tis, z, cy, cx, crop)
        xs.append(xi)
        ts.append(ti)
    return torch.from_numpy(np.stack(xs))[:, None], torch.from_numpy(np.stack(ts).astype(np.int64))


def crop_window(img, lab, z, cy, cx, crop):
    """The crop x crop window of slice z around (cy, cx), kept inside the slice, zero-padded where the slice is
    smaller: (image float32, labels uint8)."""
    nz, ny, nx = img.shape
    y0 = int(np.clip(cy - crop // 2, 0, max(ny - crop, 0)))
    x0 = int(np.clip(cx - crop // 2, 0, max(nx - crop, 0)))
    xi = np.zeros((crop, crop), np.float32)
    li = np.zeros((crop, crop), np.uint8)
    a = img[z, y0:y0 + crop, x0:x0 + crop]
    xi[:a.shape[0], :a.shape[1]] = a
    li[:a.shape[0], :a.shape[1]] = lab[z, y0:y0 + crop, x0:x0 + crop]
    return xi, li


def smooth_field(n, size, cells, amplitude, gen):
    f = (torch.rand(n, 1, cells, cells, generator=gen) * 2 - 1) * amplitude
    return torch.exp(F.interpolate(f, size=(size, size), mode="bicubic", align_corners=False))


def blur(x, sigma):
    if sigma < 0.3:
        return x
    r = int(math.ceil(2 * sigma))
    k = torch.exp(-torch.arange(-r, r + 1, dtype=torch.float32) ** 2 / (2 * sigma * sigma))
    k = (k / k.sum()).view(1, 1, 1, -1)
    x = F.conv2d(F.pad(x, (r, r, 0, 0), mode="replicate"), k)
    return F.conv2d(F.pad(x, (0, 0, r, r), mode="replicate"), k.transpose(2, 3))


# Tissue groups for the "structured" re-rendering (phantom TissueLabel values).
FAT_LIKE = [3, 4, 10, 19]  # IMAT, subcutaneous fat, visceral fat
MUSCLE_LIKE = [1, 2, 5, 6]  # paraspinal lean, psoas


def structured_lut(n, gen):
    """Per sample a tissue -> intensity table drawn from wide physical-ish ranges, half T1/gradient-echo-like
    (fat bright, muscle nearly as dark as air, discs and CSF dark, fatty marrow intermediate) and half
    T2-like (fat bright, fluid and discs bright, muscle dark-grey), each range much wider than the generator's."""
    def u(a, b):
        return a + (b - a) * torch.rand(n, generator=gen)
    t1 = torch.rand(n, generator=gen) < 0.6
    lut = torch.rand(n, N_TISSUES, generator=gen)
    fat = u(0.55, 1.0)
    muscle = torch.where(t1, u(0.0, 0.25), u(0.05, 0.4))
    lut[:, 0] = u(0.0, 0.06)
    for c in MUSCLE_LIKE:
        lut[:, c] = muscle * u(0.85, 1.18)
    lut[:, 3] = fat * u(0.5, 1.0)  # IMAT: partial volume of fat and muscle
    lut[:, 4] = lut[:, 3] * u(0.9, 1.1)
    lut[:, 10] = fat
    lut[:, 19] = fat * u(0.75, 1.05)
    lut[:, 7] = torch.where(t1, u(0.15, 0.7), u(0.2, 0.7))  # vertebral body (marrow)
    lut[:, 8] = torch.where(t1, u(0.02, 0.35), u(0.3, 0.95))  # disc
    lut[:, 9] = torch.where(t1, u(0.0, 0.3), u(0.5, 1.0))  # spinal canal (CSF)
    lut[:, 11] = lut[:, 7] * u(0.6, 1.2)  # posterior elements
    lut[:, 12] = u(0.0, 0.08)  # lung
    return lut


def render(lut, tissue, gen):
    n, s = tissue.shape[0], tissue.shape[-1]
    r = torch.gather(lut, 1, tissue.view(n, -1).long().clamp(max=N_TISSUES - 1)).view(n, 1, s, s)
    # per-tissue texture: smooth plus fine multiplicative variation
    amp = torch.rand(n, 1, 1, 1, generator=gen) * 0.2
    return r * smooth_field(n, s, 8, 0.15, gen) * (1 + amp * torch.randn(n, 1, s, s, generator=gen))


def random_curve(x, gen):
    """Monotone random intensity curve on [0, 1]: piecewise linear through sorted random control points."""
    n = x.shape[0]
    k = 6
    ys = torch.sort(torch.rand(n, k, generator=gen), dim=1).values
    ys = torch.cat([torch.zeros(n, 1), ys, torch.ones(n, 1)], 1)  # k + 2 points at x = 0, 1/(k+1), ..., 1
    xx = x.clamp(0, 1) * (k + 1)
    i = xx.floor().clamp(max=k).long()
    f = xx - i
    flat = i.view(n, -1)
    y0 = torch.gather(ys, 1, flat).view_as(x)
    y1 = torch.gather(ys, 1, (flat + 1).clamp(max=k + 1)).view_as(x)
    return y0 + (y1 - y0) * f


def augment(x, tissue, gen, rng):
    n, _, s, _ = x.shape
    # re-rendering: 25 % every tissue a uniformly random intensity (shape and context, not grey values),
    # 35 % a structured table covering T1/gradient-echo and T2 regimes, 40 % the generator's own image
    mode = torch.rand(n, generator=gen)
    rand_lut = torch.rand(n, N_TISSUES, generator=gen)
    rand_lut[:, 0] = torch.where(torch.rand(n, generator=gen) < 0.8, torch.rand(n, generator=gen) * 0.1, rand_lut[:, 0])
    r_rand = render(rand_lut, tissue, gen)
    r_struct = render(structured_lut(n, gen), tissue, gen)
    x = torch.where((mode < 0.25).view(n, 1, 1, 1), r_rand, x)
    x = torch.where(((mode >= 0.25) & (mode < 0.6)).view(n, 1, 1, 1), r_struct, x)
    # random affine (same for image and labels)
    grid = random_grid(n, s, 1.35, gen)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    y = torch.from_numpy(TISSUE_TO_MODEL)[tissue]
    y = F.grid_sample(y[:, None].float(), grid, mode="nearest", padding_mode="zeros", align_corners=False)[:, 0].long()
    # left-right flip (x axis = patient left): swap the sided labels
    flip = torch.rand(n, generator=gen) < 0.5
    x = torch.where(flip.view(n, 1, 1, 1), x.flip(3), x)
    y = torch.where(flip.view(n, 1, 1), SWAP[y.flip(2)], y)
    # intensity: monotone random curve (half the samples), bias field, gamma
    x = x.clamp(min=0)
    x = x / x.view(n, -1).amax(1).clamp(min=1e-3).view(n, 1, 1, 1)
    curve = torch.rand(n, generator=gen) < 0.5
    x = torch.where(curve.view(n, 1, 1, 1), random_curve(x, gen), x)
    x = x * smooth_field(n, s, 4, 0.5, gen)
    gamma = torch.exp((torch.rand(n, 1, 1, 1, generator=gen) * 2 - 1) * math.log(2.2))
    x = x.clamp(min=0) ** gamma
    # resolution: blur (0-1.5 px) and, for a third, 1-2x coarser pixels (2-4 mm); Gaussian or Rician noise up to 8 %
    x = degrade(x, 1.5, 0.33, 0.08, gen, rng)
    # field of view: for a fifth, blank everything outside a random box (image and labels), as a small FOV does
    for i in range(n):
        if rng.random() < 0.2:
            h, w = int(s * rng.uniform(0.55, 1.0)), int(s * rng.uniform(0.55, 1.0))
            y0, x0 = int(rng.integers(0, s - h + 1)), int(rng.integers(0, s - w + 1))
            keep = torch.zeros(s, s, dtype=torch.bool)
            keep[y0:y0 + h, x0:x0 + w] = True
            x[i, 0][~keep] = 0
            y[i][~keep] = 0
    return percentile_clip(x), y


def random_grid(n, s, max_scale, gen):
    """A sampling grid per sample: rotation +-20 deg, scale up to max_scale either way, x/y anisotropy up to
    1.15, shift up to 10 %, plus a smooth elastic displacement of a few pixels (same for image and labels)."""
    ang = (torch.rand(n, generator=gen) * 2 - 1) * math.radians(20)
    sc = torch.exp((torch.rand(n, generator=gen) * 2 - 1) * math.log(max_scale))
    aniso = torch.exp((torch.rand(n, generator=gen) * 2 - 1) * math.log(1.15))  # different x/y scale
    tx = (torch.rand(n, 2, generator=gen) * 2 - 1) * 0.1
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = torch.cos(ang) / (sc * aniso)
    theta[:, 0, 1] = -torch.sin(ang) / (sc * aniso)
    theta[:, 1, 0] = torch.sin(ang) / (sc / aniso)
    theta[:, 1, 1] = torch.cos(ang) / (sc / aniso)
    theta[:, :, 2] = tx
    grid = F.affine_grid(theta, (n, 1, s, s), align_corners=False)
    disp = F.interpolate(torch.randn(n, 2, 5, 5, generator=gen) * 0.02 * torch.rand(n, 1, 1, 1, generator=gen),
                         size=(s, s), mode="bicubic", align_corners=False).permute(0, 2, 3, 1)
    return grid + disp


def degrade(x, blur_max, coarse_p, noise_max, gen, rng):
    """Per sample: blur (0-blur_max px), with probability coarse_p down- and up-sampling to 1-2x coarser pixels;
    then Gaussian or Rician noise (magnitude of complex Gaussian) up to noise_max of the range."""
    n, _, s, _ = x.shape
    out = []
    for i in range(n):
        xi = blur(x[i:i + 1], float(rng.uniform(0, blur_max)))
        if rng.random() < coarse_p:
            f = rng.uniform(1.0, 2.0)
            m = max(8, int(round(s / f)))
            xi = F.interpolate(F.interpolate(xi, size=(m, m), mode="area"), size=(s, s), mode="bilinear",
                               align_corners=False)
        out.append(xi)
    x = torch.cat(out)
    sigma = torch.rand(n, 1, 1, 1, generator=gen) * noise_max
    rician = torch.rand(n, 1, 1, 1, generator=gen) < 0.5
    n1 = torch.randn(x.shape, generator=gen) * sigma
    n2 = torch.randn(x.shape, generator=gen) * sigma
    return torch.where(rician, torch.sqrt((x + n1) ** 2 + n2 ** 2), x + n1)


def percentile_clip(x):
    """Back to [0, 1] like the segmenter's percentile clip (0.5-99.5 %), per sample."""
    n = x.shape[0]
    lo = torch.quantile(x.view(n, -1), 0.005, dim=1).view(n, 1, 1, 1)
    hi = torch.quantile(x.view(n, -1), 0.995, dim=1).view(n, 1, 1, 1)
    return ((x - lo) / (hi - lo).clamp(min=1e-3)).clamp(0, 1)


def dice_loss(logits, y):
    p = logits.softmax(1)
    oh = F.one_hot(y, N_CLASSES).permute(0, 3, 1, 2).float()
    inter = (p * oh).sum((0, 2, 3))
    den = p.sum((0, 2, 3)) + oh.sum((0, 2, 3))
    return 1 - ((2 * inter + 1) / (den + 1))[1:].mean()


@torch.no_grad()
def evaluate(model, images, tissues):
    model.eval()
    inter = np.zeros(N_CLASSES)
    den = np.zeros(N_CLASSES)
    for img, tis in zip(images, tissues):
        img, tis = img[::3], tis[::3]  # every third slice keeps this cheap
        nz, ny, nx = img.shape
        py, px = (-ny) % 16, (-nx) % 16
        for z0 in range(0, nz, 8):
            x = torch.from_numpy(img[z0:z0 + 8])[:, None]
            x = F.pad(x, (0, px, 0, py))
            pred = model(x).argmax(1)[:, :ny, :nx].numpy()
            lab = TISSUE_TO_MODEL[tis[z0:z0 + 8]]
            for c in range(1, N_CLASSES):
                inter[c] += ((pred == c) & (lab == c)).sum()
                den[c] += (pred == c).sum() + (lab == c).sum()
    model.train()
    return 2 * inter[1:] / np.maximum(den[1:], 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--val", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=40)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--base", type=int, default=8)
    ap.add_argument("--levels", type=int, default=5)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--resume", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    images, tissues = load(args.train)
    vimages, vtissues = load(args.val)
    rare = slice_index(tissues)
    print(f"train volumes {len(images)} slices {sum(i.shape[0] for i in images)}; val volumes {len(vimages)}", flush=True)
    model = UNet(base=args.base, levels=args.levels)
    if args.resume:
        model.load_state_dict(torch.load(args.resume))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    weights = torch.tensor([0.5, 1, 1, 2, 2, 1, 2])
    start = time.time()
    budget = args.minutes * 60
    step = 0
    os.makedirs(args.out, exist_ok=True)
    while time.time() - start < budget:
        frac = (time.time() - start) / budget
        for g in opt.param_groups:
            g["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * min(frac, 1)))
        x, t = sample_batch(images, tissues, rare, args.batch, args.crop, rng)
        x, y = augment(x, t, gen, rng)
        logits = model(x)
        loss = F.cross_entropy(logits, y, weight=weights) + dice_loss(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 25 == 0:
            print(f"step {step} t={time.time() - start:.0f}s lr={opt.param_groups[0]['lr']:.2e} loss={loss.item():.4f}",
                  flush=True)
        if step % 150 == 0:
            torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
            print("val dice", np.round(evaluate(model, vimages, vtissues), 4), flush=True)
    torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
    print(f"done: {step} steps in {time.time() - start:.0f}s; val dice", np.round(evaluate(model, vimages, vtissues), 4),
          flush=True)


if __name__ == "__main__":
    main()
