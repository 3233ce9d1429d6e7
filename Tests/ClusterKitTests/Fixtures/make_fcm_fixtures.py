#!/usr/bin/env python3
"""Fuzzy c-means references from scikit-fuzzy's `cmeans` (writes fcm.json).

Run from anywhere:  python3 Tests/ClusterKitTests/Fixtures/make_fcm_fixtures.py
(needs scikit-fuzzy 0.5.0, numpy, scipy). Deterministic: two runs give the same file.

Every case starts from fixed rows as centroids. scikit-fuzzy takes a starting *membership*
matrix, so the script first computes the memberships of those centroids with scikit-fuzzy's own
formula (its distance, the eps clamp, `normalize_power_columns`) and passes them as `init`;
`seed` then plays no part. clusterview's `FuzzyCMeans` starts from the same centroids and must
reach the same `n_iter`, centroids, memberships, objective history and partition coefficient.

Layout: scikit-fuzzy works on data D×N and returns centroids k×D and memberships k×N; this file
stores memberships row-major N×k (one list per data row), as clusterview holds them.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import csv
import json
from pathlib import Path

import numpy as np
import scipy
import skfuzzy
from skfuzzy.cluster import cmeans
from skfuzzy.cluster._cmeans import _distance
from skfuzzy.cluster.normalize_columns import normalize_power_columns

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
EPS = np.finfo(np.float64).eps

ERROR = 1e-7        # scikit-fuzzy's `error`: stop when ‖u_t − u_{t−1}‖_F < ERROR
MAXITER = 1000
FUZZINESS = (1.3, 2.0, 3.0)
ALL_ROWS_UP_TO = 160  # memberships of every row for datasets this small (iris), else every SUBSET_STRIDE-th
SUBSET_STRIDE = 10


def load_csv(name):
    """Features (all columns but the last) of the rows with no empty field, parsed with float()
    (correctly rounded, like Swift's Double(String)); and the kept 0-based data-row indices."""
    with open(REPO / "datasets" / name, newline="") as f:
        header, *rows = list(csv.reader(f))
    kept, X = [], []
    for i, row in enumerate(rows):
        fields = row[: len(header) - 1]
        if any(v.strip() == "" for v in fields):
            continue
        kept.append(i)
        X.append([float(v) for v in fields])
    return np.array(X), kept


def standardize(X):
    """StandardScaler: population standard deviation (ddof = 0)."""
    return (X - X.mean(axis=0)) / X.std(axis=0)


def synthetic(n, d, k, seed):
    """Exactly representable test data clusterview regenerates bit for bit (FuzzyCMeansParityTests):
    row i belongs to cluster i mod k, centre ((c·7 + f·3) mod 11 − 5)·2, plus noise (q − 1000)/256
    with q = (s >> 33) mod 2001 from a 64-bit LCG s ← s·6364136223846793005 + 1442695040888963407."""
    s = seed
    X = np.empty((n, d))
    for i in range(n):
        c = i % k
        for f in range(d):
            s = (s * 6364136223846793005 + 1442695040888963407) % 2**64
            X[i, f] = ((c * 7 + f * 3) % 11 - 5) * 2.0 + (((s >> 33) % 2001) - 1000) / 256.0
    return X


def memberships_of(X, centroids, m):
    """scikit-fuzzy's membership formula (as in its `_cmeans0`) for fixed centroids: k×N."""
    d = np.fmax(_distance(X, centroids), EPS)
    return normalize_power_columns(d, -2.0 / (m - 1))


def run(X, centroids, m, error=ERROR, maxiter=MAXITER):
    u0 = memberships_of(X, centroids, m)
    return cmeans(X.T, centroids.shape[0], m, error=error, maxiter=maxiter, init=u0), u0


def change_norms(X, centroids, m, p, final_u):
    """‖u_t − u_{t−1}‖_F at t = p and p − 1 (u_0 clamped to eps as cmeans does), so the tests can
    see how far the stopping test was from its threshold."""
    def u_at(t):
        if t == 0:
            return np.fmax(memberships_of(X, centroids, m), EPS)
        return run(X, centroids, m, maxiter=t)[0][1]
    norms = [float(np.linalg.norm(final_u - u_at(p - 1)))]
    if p >= 2:
        norms.append(float(np.linalg.norm(u_at(p - 1) - u_at(p - 2))))
    return norms


def partition_entropy(u):
    """−(1/N) Σ u log u (natural log, 0·log 0 = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(u > 0, u * np.log(u), 0.0)
    return float(-terms.sum() / u.shape[1])


def case(name, X, data, init_positions, m, error=ERROR, maxiter=MAXITER, all_rows=None, with_u0=False):
    centroids = X[init_positions]
    (cntr, u, _, _, jm, p, fpc), u0 = run(X, centroids, m, error, maxiter)
    n = X.shape[0]
    if all_rows is None:
        all_rows = n <= ALL_ROWS_UP_TO
    rows = list(range(n)) if all_rows else list(range(0, n, SUBSET_STRIDE))
    return {
        "name": name,
        "data": data,
        "init_positions": init_positions,
        "k": len(init_positions),
        "m": m,
        "error": error,
        "maxiter": maxiter,
        "n_iter": int(p),
        "change_norms": change_norms(X, centroids, m, p, u),
        "centroids": cntr.tolist(),
        "rows": rows,
        "u": u.T[rows].tolist(),
        # The starting memberships (kept for the edge and step cases only, to stay small).
        "u0": u0.T[rows].tolist() if with_u0 else None,
        "u_column_sums": u.sum(axis=1).tolist(),
        "jm": jm.tolist(),
        "fpc": float(fpc),
        "fpc_numpy": float((u ** 2).sum() / n),
        "partition_entropy": partition_entropy(u),
    }


def main():
    cases = []
    files = [("iris", "iris.csv", [0, 50, 100]), ("wine", "wine.csv", [0, 59, 130]),
             ("penguins", "penguins.csv", [0, 160, 300]), ("blobs_2d", "blobs_2d.csv", [0, 150, 300, 450])]
    for name, file, init_rows in files:
        raw, kept = load_csv(file)
        positions = [kept.index(r) for r in init_rows]
        for std in (False, True):
            X = standardize(raw) if std else raw
            data = {"kind": "file", "file": file, "standardize": std}
            for m in FUZZINESS:
                cases.append(case(f"{name}_{'std' if std else 'raw'}", X, data, positions, m))

    # Large units far from the origin: blobs × 1000 + 1e6 (the same two roundings in Swift).
    blobs, _ = load_csv("blobs_2d.csv")
    for m in FUZZINESS:
        cases.append(case("blobs_2d_offset", blobs * 1000.0 + 1e6,
                          {"kind": "file", "file": "blobs_2d.csv", "standardize": False, "scale": 1000.0, "offset": 1e6},
                          [0, 150, 300, 450], m))

    synth = {"kind": "synthetic", "rows": 300, "columns": 20, "clusters": 4, "seed": 12345}
    X = synthetic(300, 20, 4, 12345)
    for m in FUZZINESS:
        cases.append(case("synthetic_300x20", X, synth, [0, 1, 2, 3], m))

    # Edges, every row stored.
    iris, _ = load_csv("iris.csv")
    iris_data = {"kind": "file", "file": "iris.csv", "standardize": False}
    # m close to 1: exponent −2/(m−1) = −200, memberships nearly hard.
    cases.append(case("edge_m1.01", iris, iris_data, [0, 50, 100], 1.01, all_rows=True, with_u0=True))
    # Large m: a point on a centroid (distance clamped to eps) keeps visible membership elsewhere,
    # because scikit-fuzzy also floors each distance ratio d_j / max d at eps.
    cases.append(case("edge_m10", iris, iris_data, [0, 50, 100], 10.0, all_rows=True, with_u0=True))
    # k = 1: every membership is 1, the centroid is the mean; stops after one iteration.
    cases.append(case("edge_k1", iris, iris_data, [7], 2.0, all_rows=True, with_u0=True))
    # Two starting centroids on the same row: their memberships tie for every row, so they move
    # together forever.
    cases.append(case("edge_same_start", iris, iris_data, [0, 0, 100], 2.0, all_rows=True, with_u0=True))
    # Duplicated rows: rows 0–49 appended again (a duplicate is weighted twice, nothing else).
    dup = np.vstack([iris, iris[:50]])
    cases.append(case("edge_duplicates", dup, {**iris_data, "append_first": 50}, [0, 50, 100], 2.0, all_rows=True, with_u0=True))
    # Very wide: 40 rows × 2000 columns.
    wide = {"kind": "synthetic", "rows": 40, "columns": 2000, "clusters": 3, "seed": 7}
    cases.append(case("edge_wide", synthetic(40, 2000, 3, 7), wide, [0, 1, 2], 2.0, all_rows=True, with_u0=True))
    # Stepping: the same run stopped after 1, 2 and 3 iterations.
    for t in (1, 2, 3):
        cases.append(case(f"steps_{t}", iris, iris_data, [0, 50, 100], 2.0, maxiter=t, all_rows=True, with_u0=True))

    out = {"skfuzzy_version": skfuzzy.__version__, "numpy_version": np.__version__,
           "scipy_version": scipy.__version__, "eps": EPS, "cases": cases}
    with open(HERE / "fcm.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))
    for c in cases:
        print(f"{c['name']:>18} m={c['m']:<5} n_iter={c['n_iter']:<4} changes={c['change_norms']}")


if __name__ == "__main__":
    main()
