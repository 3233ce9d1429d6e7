#!/usr/bin/env python3
"""Reference values for `--normalize l2` and `--beta auto` (issue 16: embeddings, a beta that
means something at any scale).

Run from anywhere:  python3 Tests/ClusterKitTests/Fixtures/make_embed_fixtures.py
Writes embed.json next to this script. Reuses make_fixtures.py's loader and fits (imported, not
edited); deterministic (single-threaded BLAS/OpenMP, fixed `rows:` inits, a fixed numpy seed).

embed.json keys:
  rows                 a small matrix of awkward rows: ordinary, a zero row, one of 1e200s, one of
                       1e-200s, one with a single non-zero entry
  rows_l2              sklearn.preprocessing.normalize(rows, norm="l2") (its sum of squares overflows
                       on the 1e200 row and underflows on the 1e-200 row: the tests compare those
                       two with row 0 instead)
  normalize.<case>     for wine_l2 (normalize, then KMeans) and wine_l2_std (normalize, then
                       StandardScaler, then KMeans): dataset, standardize, k, init_rows (file rows),
                       scaler (mean, scale: fitted on the normalised rows), kmeans (labels, n_iter,
                       centroids, inertia)
  beta.<case>          the best softmax β by brute force: dataset, standardize, normalize, k,
                       init_rows, method (kmeans: targets are predict_proba of the full mixture
                       estimated from the k-means labels, max_iter=0; gmm: predict_proba of the
                       fitted diag GaussianMixture), beta (the grid's best), cross_entropy (H there),
                       h_at (H at β = 0.1, 1, 10, for the formula)

The β reference is a brute-force grid in log β: 4001 points over 1e-8..1e8 times 1/spread, then
six zooms of 2001 points each around the best point, minimising
H(β) = −mean_i Σ_j r_ij log softmax(−β d_i)_j with d the Euclidean distances to the centres.
"""

import json
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_fixtures as base  # noqa: E402  (sets OMP_NUM_THREADS=1 before numpy is imported)

import numpy as np  # noqa: E402
from scipy.special import logsumexp  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.preprocessing import StandardScaler, normalize  # noqa: E402


def awkward_rows():
    rng = np.random.default_rng(16)
    rows = np.round(rng.normal(size=(6, 5)) * 10, 3)
    rows[1] = 0.0
    rows[2] = rows[0] * 1e200
    rows[3] = rows[0] * 1e-200
    rows[4] = [0.0, 0.0, -7.5, 0.0, 0.0]
    return rows


def prepared(csv_name, standardize, l2):
    features, label, row_indices, X_raw, y = base.load_csv(base.DATASETS / csv_name)
    X = normalize(X_raw, norm="l2") if l2 else X_raw
    scaler = StandardScaler().fit(X)
    return row_indices, (scaler.transform(X) if standardize else X), scaler


def normalize_case(csv_name, k, init_rows, standardize):
    row_indices, X, scaler = prepared(csv_name, standardize, True)
    init = X[[row_indices.index(r) for r in init_rows]].copy()
    km = base.kmeans(X, init, base.KMEANS_MAX_ITER)
    return {
        "dataset": csv_name, "standardize": standardize, "k": k, "init_rows": init_rows,
        "scaler": {"mean": base.tolist(scaler.mean_), "scale": base.tolist(scaler.scale_)},
        "kmeans": {"labels": base.tolist(km.labels_), "n_iter": int(km.n_iter_),
                   "centroids": base.tolist(km.cluster_centers_), "inertia": float(km.inertia_)},
    }


def cross_entropy(beta, d, r):
    logp = -beta * d - logsumexp(-beta * d, axis=1, keepdims=True)
    return float(-(r * logp).sum(axis=1).mean())


def grid_best(d, r):
    spread = (d.max(axis=1) - d.min(axis=1)).mean()
    lo, hi = np.log(1e-8 / spread), np.log(1e8 / spread)
    points = 4001
    for _ in range(7):
        grid = np.linspace(lo, hi, points)
        h = np.array([cross_entropy(np.exp(g), d, r) for g in grid])
        best = int(h.argmin())
        assert 0 < best < len(grid) - 1, "the best β is at the end of the grid"
        lo, hi = grid[best - 2], grid[best + 2]
        points = 2001
    beta = float(np.exp(grid[best]))
    return beta, cross_entropy(beta, d, r)


def beta_case(csv_name, k, init_rows, standardize, l2, method):
    row_indices, X, _ = prepared(csv_name, standardize, l2)
    init = X[[row_indices.index(r) for r in init_rows]].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if method == "kmeans":
            centres = base.kmeans(X, init, base.KMEANS_MAX_ITER).cluster_centers_
            r = base.gmm(X, init, "full", 0).predict_proba(X)
        else:
            g = base.gmm(X, init, "diag", base.GMM_MAX_ITER)
            centres, r = g.means_, g.predict_proba(X)
    d = base.distances(X, centres)
    beta, h = grid_best(d, r)
    return {
        "dataset": csv_name, "standardize": standardize, "normalize": "l2" if l2 else "none", "k": k,
        "init_rows": init_rows, "method": method, "beta": beta, "cross_entropy": h,
        "h_at": {repr(b): cross_entropy(b, d, r) for b in (0.1, 1.0, 10.0)},
    }


def main():
    rows = awkward_rows()
    out = {
        "rows": base.tolist(rows),
        "rows_l2": base.tolist(normalize(rows, norm="l2")),
        "normalize": {
            "wine_l2": normalize_case("wine.csv", 3, [0, 59, 130], False),
            "wine_l2_std": normalize_case("wine.csv", 3, [0, 59, 130], True),
        },
        "beta": {
            "iris_raw_kmeans": beta_case("iris.csv", 3, [0, 50, 100], False, False, "kmeans"),
            "wine_raw_kmeans": beta_case("wine.csv", 3, [0, 59, 130], False, False, "kmeans"),
            "wine_l2_std_gmm": beta_case("wine.csv", 3, [0, 59, 130], True, True, "gmm"),
        },
    }
    path = HERE / "embed.json"
    with open(path, "w") as f:
        json.dump(out, f, allow_nan=False)
        f.write("\n")
    for name, case in out["beta"].items():
        print(f"{name}: beta={case['beta']:.10g} H={case['cross_entropy']:.10g}", file=sys.stderr)


if __name__ == "__main__":
    main()
