#!/usr/bin/env python3
"""Reference fits with scikit-learn's own random initialisation, for seed parity tests.

clusterview draws k-means++ and random inits from a NumPy-compatible MT19937 with NumPy's formulas,
so `--seed S` should pick exactly what `random_state=S` picks. This records, per dataset, space and
seed: KMeans(init="k-means++"), KMeans(init="random"), each with n_init=1, and GaussianMixture
(init_params="kmeans", full covariance). Run: python3 make_seeded_fixtures.py (writes seeded.json).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def load(name):
    """Numeric columns of a shipped dataset, parsed with float() (correctly rounded)."""
    with open(os.path.join(ROOT, "datasets", name)) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    numeric = [j for j in range(len(header)) if all(_is_float(r[j]) for r in rows[:5])]
    return np.array([[float(r[j]) for j in numeric] for r in rows])


def _is_float(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


cases = []
warnings.simplefilter("ignore")
for name, k in [("iris.csv", 3), ("wine.csv", 3), ("blobs_2d.csv", 4)]:
    raw = load(name)
    for standardize in (False, True):
        X = StandardScaler().fit_transform(raw) if standardize else raw
        for seed in (0, 1, 42):
            case = {"dataset": name, "standardize": standardize, "k": k, "seed": seed}
            for init in ("k-means++", "random"):
                km = KMeans(n_clusters=k, init=init, n_init=1, random_state=seed).fit(X)
                case[init] = {"centroids": km.cluster_centers_.tolist(), "labels": km.labels_.tolist(),
                              "inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
            gm = GaussianMixture(n_components=k, covariance_type="full", random_state=seed).fit(X)
            case["gmm_full"] = {"means": gm.means_.tolist(), "weights": gm.weights_.tolist(),
                                "lower_bound": float(gm.lower_bound_), "n_iter": int(gm.n_iter_),
                                "labels": gm.predict(X).tolist()}
            cases.append(case)

with open(os.path.join(HERE, "seeded.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases")
