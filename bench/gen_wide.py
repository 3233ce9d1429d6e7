#!/usr/bin/env python3
"""Write the wide inputs of bench/wide.py (issue 16), deterministically (fixed seeds, numpy only).

Usage: gen_wide.py KIND --n N --d D --k K --seed S --out FILE

Kinds:
  pixels      MNIST-like images: D must be a perfect square (784 = 28 × 28). K smooth prototype
              "digits" (a few thick Gaussian strokes each on a dark background); every row is one
              prototype shifted by up to ±2 pixels, its strokes thickened or thinned, its
              intensity scaled, plus smooth and pixel noise, then clipped to 0–255 and rounded to
              integers. So, like MNIST: ~80 % zero pixels, integer cells, K clusters that overlap,
              and a spectrum whose leading components are smooth stroke patterns rather than
              isotropic noise. Columns px0..px{D-1}, then `label`.
  embeddings  Text/image-embedding-like rows: K random unit directions, each row a direction plus
              Gaussian noise (angle ~50–60° off its centre), normalised to unit length, 6 significant
              digits. Columns e0..e{D-1}, then `label`.
  blobs       Gaussian blobs with their own random (full) covariances, for the GMM `full` case:
              each blob is centre + A·z with a random D × D factor A. Columns f0..f{D-1}, `label`.
"""
import argparse
import numpy as np


def pixels(rng, n, d, k):
    side = int(round(d ** 0.5))
    assert side * side == d, "pixels: D must be a perfect square"
    yy, xx = np.mgrid[0:side, 0:side].astype(np.float64)
    margin = side * 0.25
    protos = []
    for _ in range(k):
        # A "digit": 2–4 strokes, each a chain of Gaussian dots along a random quadratic curve.
        img = np.zeros((side, side))
        for _ in range(rng.integers(2, 5)):
            p0, p1, p2 = (rng.uniform(margin, side - margin, 2) for _ in range(3))
            for t in np.linspace(0, 1, 12):
                cy, cx = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2
                img += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * 1.3 ** 2))
        protos.append(img / img.max())
    protos = np.array(protos)
    labels = rng.integers(0, k, size=n)
    out = np.empty((n, d), dtype=np.uint8)
    chunk = 5000
    for s in range(0, n, chunk):
        lab = labels[s:s + chunk]
        m = len(lab)
        base = protos[lab]
        # Shift each image by up to ±2 pixels (np.roll per row: the margins keep strokes inside).
        dy = rng.integers(-2, 3, size=m)
        dx = rng.integers(-2, 3, size=m)
        shifted = np.empty_like(base)
        for i in range(m):
            shifted[i] = np.roll(np.roll(base[i], dy[i], axis=0), dx[i], axis=1)
        # Thicker or thinner strokes (a power of the intensity), brightness, smooth + pixel noise.
        gamma = rng.uniform(0.6, 1.6, size=(m, 1, 1))
        bright = rng.uniform(0.8, 1.3, size=(m, 1, 1))
        smooth = rng.standard_normal((m, 4, 4))
        smooth = np.kron(smooth, np.ones((side // 4 + 1, side // 4 + 1)))[:, :side, :side] * 0.08
        img = bright * shifted ** gamma + smooth + rng.standard_normal((m, side, side)) * 0.05
        img = np.where(img < 0.25, 0.0, img)  # a dark background, as MNIST's ~80 % zeros
        out[s:s + m] = np.clip(np.rint(img * 255), 0, 255).reshape(m, d).astype(np.uint8)
    return out, labels


def embeddings(rng, n, d, k):
    centres = rng.standard_normal((k, d))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    labels = rng.integers(0, k, size=n)
    spread = rng.uniform(1.0, 1.6, size=k)  # noise norm relative to the unit centre
    x = centres[labels] + rng.standard_normal((n, d)) * (spread[labels, None] / np.sqrt(d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x, labels


def blobs(rng, n, d, k):
    centres = rng.uniform(-3, 3, size=(k, d))
    factors = rng.standard_normal((k, d, d)) / np.sqrt(d)
    labels = rng.integers(0, k, size=n)
    z = rng.standard_normal((n, d))
    x = centres[labels] + np.einsum("nij,nj->ni", factors[labels], z)
    return x, labels


def write(path, x, labels, prefix, integer):
    n, d = x.shape
    with open(path, "w") as f:
        f.write(",".join([f"{prefix}{j}" for j in range(d)] + ["label"]) + "\n")
        if integer:
            text = np.array([str(v) for v in range(256)])
            for i in range(n):
                f.write(",".join(text[x[i]]) + f",c{labels[i]}\n")
        else:
            chunk = 2000
            for s in range(0, n, chunk):
                block = x[s:s + chunk]
                lines = [",".join(np.char.mod("%.6g", row)) + f",c{l}" for row, l in zip(block, labels[s:s + chunk])]
                f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["pixels", "embeddings", "blobs"])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--k", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    x, labels = {"pixels": pixels, "embeddings": embeddings, "blobs": blobs}[a.kind](rng, a.n, a.d, a.k)
    prefix = {"pixels": "px", "embeddings": "e", "blobs": "f"}[a.kind]
    write(a.out, x, labels, prefix, integer=(a.kind == "pixels"))


if __name__ == "__main__":
    main()
