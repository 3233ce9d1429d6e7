#!/usr/bin/env python3
"""The fuzzy rule against scikit-fuzzy's own `cmeans_predict` (writes skfuzzy.json).

Fuzzy c-means membership of a point for fixed centres is u_j ∝ d_j^(−2/(m−1)); scikit-fuzzy's
`cmeans_predict` computes it by iterating its predict step with the centres held fixed. For the
final k-means centroids of iris (raw and standardised, init rows 0, 50, 100) and m = 2 and 1.5,
this records its memberships of every row. Run: pip install scikit-fuzzy; python3 make_skfuzzy_fixture.py
"""
import json
import os

import numpy as np
import skfuzzy
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

with open(os.path.join(ROOT, "datasets", "iris.csv")) as f:
    f.readline()
    raw = np.array([[float(v) for v in line.strip().split(",")[:4]] for line in f if line.strip()])

cases = []
for standardize in (False, True):
    X = StandardScaler().fit_transform(raw) if standardize else raw
    centres = KMeans(3, init=X[[0, 50, 100]], n_init=1, max_iter=300, tol=1e-4).fit(X).cluster_centers_
    for m in (2.0, 1.5):
        u = skfuzzy.cmeans_predict(X.T, centres, m, error=1e-14, maxiter=50, seed=0)[0]
        cases.append({"standardize": standardize, "m": m, "centroids": centres.tolist(), "u": u.T.tolist()})

with open(os.path.join(HERE, "skfuzzy.json"), "w") as f:
    json.dump({"skfuzzy_version": skfuzzy.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases")
