#!/usr/bin/env python3
"""scikit-learn's k-means++ picks on mostly-zero integer matrices, for SparseSeedingTests.

The matrices are not stored: each is drawn from numpy's RandomState(seed).random_sample() in the
order `SparseSeedingTests.sparseIntegers` draws from clusterview's NumPy-compatible generator (per
row: one draw for its kind — no nonzeros below 0.05, a copy of an earlier row below 0.15 — then,
cell by cell, one draw for whether the cell is nonzero and one for its value), and the fixture
keeps checksums of each so the test knows it rebuilt the same matrix. For each (k, seed) it records
the row indices `sklearn.cluster.kmeans_plusplus(X, k, random_state=seed)` picks (n_local_trials =
2 + ⌊ln k⌋, as KMeans uses). Run: python3 make_sparse_seeding_fixture.py (writes sparse_seeding.json).
"""
import json
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import kmeans_plusplus  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def sparse_integers(rows, columns, seed, density, low, high):
    """`SparseSeedingTests.sparseIntegers`, draw for draw."""
    random = np.random.RandomState(seed)
    x = np.zeros((rows, columns))
    span = float(high - low + 1)
    for i in range(rows):
        kind = random.random_sample()
        if kind < 0.05:
            continue
        if kind < 0.15 and i > 0:
            x[i] = x[int(random.random_sample() * i)]
            continue
        for f in range(columns):
            if random.random_sample() < density:
                x[i, f] = low + int(random.random_sample() * span)
    return x


cases = []
for rows, columns, data_seed, density, low, high, picks in [
    (2_000, 196, 11, 0.08, 1, 255, [(10, 0), (10, 1), (2, 3), (25, 42)]),
    (1_200, 37, 12, 0.10, -40, 40, [(7, 5), (20, 6)]),
]:
    x = sparse_integers(rows, columns, data_seed, density, low, high)
    weights = np.arange(1, rows * columns + 1, dtype=np.float64).reshape(rows, columns) % 1009
    case = {"rows": rows, "columns": columns, "data_seed": data_seed, "density": density, "low": low,
            "high": high, "nonzeros": int(np.count_nonzero(x)), "sum": float(x.sum()),
            "weighted_sum": float((x * weights).sum()), "picks": []}
    for k, seed in picks:
        _, indices = kmeans_plusplus(x, n_clusters=k, random_state=seed)
        case["picks"].append({"k": k, "seed": seed, "indices": [int(i) for i in indices]})
    cases.append(case)

with open(os.path.join(HERE, "sparse_seeding.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} matrices")
