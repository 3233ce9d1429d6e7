#!/usr/bin/env python3
"""Writes pca.json: scikit-learn's PCA(2) on generated data of several shapes, for PCAScalingTests.

Run:  python3 Tests/ClusterKitTests/Fixtures/make_pca_fixtures.py   (scikit-learn 1.9.1, numpy)

Each case's data are stored exactly and compactly: value = offset + k / scale with integer k and
scale a power of two, so the script and Swift build the same doubles. The reference is
`PCA(n_components=2, svd_solver="full")`: the exact SVD, whatever the shape (the default solver
would pick the randomized one at some of these shapes, itself only approximate). Recorded:
`mean_`, `components_` (scikit-learn's signs: `svd_flip`, the largest-|loading| of each
component positive) and `explained_variance_ratio_`.

The cases cover every path of clusterview's PCA (see PCA.swift): the covariance (D <= 64), the
Gram matrix (N <= 64 < D) and block Krylov (both larger), with N < D and N > D, the smallest and
largest shapes at each threshold, mostly-zero pixels (the sparse passes), a PC2/PC3 gap of 1 %, data offset far from 0 (+1e6: the
centring must not cancel), integer pixels, and data of rank two.
Deterministic: a fixed seed per case, single-threaded BLAS; two runs give the same file.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import json  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def structured(rng, n, d, variances, noise):
    """Rows whose sample variances along random orthonormal directions are exactly `variances`
    (scores centred and orthogonal, so a 1 % gap stays 1 % in the sample), plus isotropic noise."""
    r = len(variances)
    directions = np.linalg.qr(rng.standard_normal((d, r)))[0].T
    scores = rng.standard_normal((n, r))
    scores = np.linalg.qr(scores - scores.mean(axis=0))[0] * np.sqrt(np.asarray(variances) * (n - 1))
    return scores @ directions + rng.normal(0, noise, size=(n, d))


def pixels(rng, n, side):
    """Integer 'images' 0-255: three blurred prototypes, random strength, noise, clipped."""
    d = side * side
    protos = rng.uniform(0, 1, size=(3, d)) ** 4
    labels = rng.integers(0, 3, size=n)
    x = 255 * protos[labels] * rng.uniform(0.5, 1.0, size=(n, 1)) + rng.normal(0, 20, size=(n, d))
    return np.clip(np.rint(x), 0, 255)


def sparse_pixels(rng, n, side):
    """Mostly-zero integer 'images' (about 80 % zeros, as MNIST): four sharp prototypes on a dark
    background that clips to 0. clusterview's block Krylov reads such data through its nonzeros."""
    d = side * side
    protos = rng.uniform(0, 1, size=(4, d)) ** 6
    labels = rng.integers(0, 4, size=n)
    x = 400 * protos[labels] * rng.uniform(0.5, 1.0, size=(n, 1)) - 80 + rng.normal(0, 25, size=(n, d))
    return np.clip(np.rint(x), 0, 255)


def case(name, seed, n, d, make, offset=0.0, scale=256):
    rng = np.random.default_rng(seed)
    k = np.rint(make(rng, n, d) * scale).astype(np.int64)
    assert np.abs(k).max() < 2**31
    x = offset + k.astype(np.float64) / scale
    pca = PCA(n_components=2, svd_solver="full").fit(x)
    comps = pca.components_
    # A sign decided by two near-equal loadings would be fragile; the cases are chosen to avoid it.
    for c in comps:
        top = np.sort(np.abs(c))[::-1]
        assert top[0] - top[1] > 1e-6, (name, top[:2])
    top3 = PCA(n_components=3, svd_solver="full").fit(x).explained_variance_ratio_
    print(f"{name:18} {n:4} x {d:3}  shares {top3[0]:.4f} {top3[1]:.4f} {top3[2]:.4f}")
    return {
        "name": name, "rows": n, "columns": d, "offset": offset, "scale": scale,
        "values": k.ravel().tolist(),
        "mean": pca.mean_.tolist(),
        "components": comps.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
    }


def main():
    spectrum = lambda first: [first, 4.0, 3.96, 1.0, 0.7, 0.5]  # noqa: E731  (PC2/PC3 gap: 1 %)
    cases = [
        case("gap_offset_1e6", 1, 200, 70, lambda r, n, d: structured(r, n, d, spectrum(9.0), 0.05), offset=1e6),
        case("wide_krylov", 2, 100, 200, lambda r, n, d: structured(r, n, d, 0.8 ** np.arange(20) * 5, 0.1),
             offset=-3e5),
        case("pixels_9x9", 3, 300, 81, lambda r, n, d: pixels(r, n, 9), scale=1),
        case("krylov_smallest", 4, 65, 65, lambda r, n, d: structured(r, n, d, spectrum(6.0), 0.2)),
        case("gram_largest", 5, 64, 65, lambda r, n, d: structured(r, n, d, spectrum(6.0), 0.2)),
        case("gram_12x300", 6, 12, 300, lambda r, n, d: structured(r, n, d, [5.0, 2.0, 1.0], 0.3), offset=1e6),
        case("gram_rank_two", 7, 3, 100, lambda r, n, d: structured(r, n, d, [5.0, 2.0], 0.0)),
        case("covariance_narrow", 8, 150, 10, lambda r, n, d: structured(r, n, d, [3.0, 1.0, 0.5], 0.1)),
        case("sparse_pixels_10x10", 9, 400, 100, lambda r, n, d: sparse_pixels(r, n, 10), scale=1),
    ]
    out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "cases": cases}
    path = os.path.join(HERE, "pca.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path) // 1024} KB)")


if __name__ == "__main__":
    main()
