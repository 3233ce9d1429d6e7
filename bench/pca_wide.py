#!/usr/bin/env python3
"""Wide inputs for the projection (issue 16) and scikit-learn's PCA timed on them.

Usage:
  pca_wide.py gen --n 70000 --d 784 --kind pixels --out bench/data/pixels_70k.csv
  pca_wide.py gen --n 10000 --d 1536 --kind embedding --out bench/data/embed_10k.csv
  pca_wide.py time FILE [--repeats 5]

`pixels`: D must be a square (28 × 28 for 784). Ten blurred prototype "images" (random strokes,
zero near the border as in MNIST), each row one prototype plus 30 smooth random deformation
images with decaying weights plus pixel noise, clipped to 0–255 and rounded: integer pixels with
a gently decaying spectrum, not a handful of exact directions.
`embedding`: 20 cluster centres plus 64 latent directions with decaying weights plus noise,
six decimals, as sentence embeddings look.
Every column is a feature; there is no label column (clusterview reads a headerless CSV).

`time` loads FILE with numpy (not timed; cached beside it as FILE.npy) and times `PCA(2).fit_transform(X)` (scikit-learn's
default solver choice, threads at their defaults), `--repeats` times, printing JSON with every
sample and the median. Only numpy and scikit-learn are needed.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def blur(images, side, passes=2):
    """A small box blur on (n, side, side) images, `passes` times (a cheap Gaussian)."""
    out = images
    for _ in range(passes):
        p = np.pad(out, ((0, 0), (1, 1), (1, 1)), mode="edge")
        out = sum(p[:, 1 + dy:1 + dy + side, 1 + dx:1 + dx + side] for dy in (-1, 0, 1) for dx in (-1, 0, 1)) / 9.0
    return out


def pixels(n, d, rng):
    side = int(round(d ** 0.5))
    if side * side != d:
        sys.exit(f"pixels needs a square D, got {d}")
    border = np.zeros((side, side))
    m = max(1, side // 7)
    border[m:side - m, m:side - m] = 1.0
    # Prototypes: a few random strokes (thick random walks) per image.
    protos = np.zeros((10, side, side))
    for c in range(10):
        for _ in range(3):
            y, x = rng.uniform(m, side - m, size=2)
            for _ in range(side):
                y = min(max(y + rng.normal(0, 1.2), m), side - m - 1)
                x = min(max(x + rng.normal(0, 1.2), m), side - m - 1)
                protos[c, int(y), int(x)] = 1.0
    protos = blur(protos, side) * border
    protos = 255.0 * protos / protos.max(axis=(1, 2), keepdims=True)
    factors = blur(rng.standard_normal((30, side, side)), side, passes=3) * border
    factors /= np.sqrt((factors ** 2).sum(axis=(1, 2), keepdims=True))
    weights = 900.0 * 0.88 ** np.arange(30)
    labels = rng.integers(0, 10, size=n)
    out = np.empty((n, d))
    for s in range(0, n, 10_000):
        e = min(n, s + 10_000)
        z = rng.standard_normal((e - s, 30)) * weights
        img = protos[labels[s:e]] + np.tensordot(z, factors, axes=1) + rng.normal(0, 12, size=(e - s, side, side))
        out[s:e] = np.clip(np.rint(img * border), 0, 255).reshape(e - s, d)
    return out, "%d"


def embedding(n, d, rng):
    centres = rng.standard_normal((20, d)) * 0.04
    directions = np.linalg.qr(rng.standard_normal((d, 64)))[0].T
    weights = 0.6 * 0.93 ** np.arange(64)
    labels = rng.integers(0, 20, size=n)
    z = rng.standard_normal((n, 64)) * weights
    return centres[labels] + z @ directions + rng.normal(0, 0.01, size=(n, d)), "%.6f"


def gen(a):
    rng = np.random.default_rng(a.seed)
    x, fmt = (pixels if a.kind == "pixels" else embedding)(a.n, a.d, rng)
    with open(a.out, "w") as f:
        for s in range(0, a.n, 5_000):
            np.savetxt(f, x[s:s + 5_000], fmt=fmt, delimiter=",")


def time_sklearn(a):
    import os
    from sklearn.decomposition import PCA
    cache = a.file + ".npy"  # the parse is slow in numpy; the timing is of the PCA alone
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(a.file):
        x = np.load(cache)
    else:
        x = np.loadtxt(a.file, delimiter=",", dtype=np.float64, ndmin=2)
        np.save(cache, x)
    samples = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        PCA(2).fit_transform(x)
        samples.append(time.perf_counter() - t0)
    pca = PCA(2).fit(x)
    print(json.dumps({"rows": x.shape[0], "columns": x.shape[1], "solver": pca._fit_svd_solver,
                      "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
                      "fit_transform_seconds": samples, "median": statistics.median(samples)}, indent=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--n", type=int, required=True)
    g.add_argument("--d", type=int, required=True)
    g.add_argument("--kind", choices=["pixels", "embedding"], required=True)
    g.add_argument("--seed", type=int, default=16)
    g.add_argument("--out", required=True)
    t = sub.add_parser("time")
    t.add_argument("file")
    t.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    gen(a) if a.command == "gen" else time_sklearn(a)


if __name__ == "__main__":
    main()
