#!/usr/bin/env python3
"""Reference fits with n_init > 1, for the --n-init parity tests (ninit.json).

scikit-learn draws the n_init initialisations one after another from one RandomState and keeps the
run with the lowest inertia (KMeans) or the highest lower bound (GaussianMixture); clusterview's
--n-init N --seed S must keep the same run. This records, per dataset, space and seed:
KMeans(n_init=10) with k-means++ and with random init, and GaussianMixture(n_init=5) with full and
diag covariances. Run: python3 make_ninit_fixtures.py (writes ninit.json beside it).
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
for name, k in [("iris.csv", 4), ("wine.csv", 5), ("blobs_2d.csv", 6)]:
    raw = load(name)
    for standardize in (False, True):
        X = StandardScaler().fit_transform(raw) if standardize else raw
        for seed in (0, 7):
            case = {"dataset": name, "standardize": standardize, "k": k, "seed": seed}
            for init in ("k-means++", "random"):
                km = KMeans(n_clusters=k, init=init, n_init=10, random_state=seed).fit(X)
                case[init] = {"n_init": 10, "centroids": km.cluster_centers_.tolist(), "labels": km.labels_.tolist(),
                              "inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
            for covariance in ("full", "diag"):
                gm = GaussianMixture(n_components=k, covariance_type=covariance, n_init=5, random_state=seed).fit(X)
                case["gmm_" + covariance] = {"n_init": 5, "means": gm.means_.tolist(), "weights": gm.weights_.tolist(),
                                             "lower_bound": float(gm.lower_bound_), "n_iter": int(gm.n_iter_)}
            cases.append(case)

with open(os.path.join(HERE, "ninit.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases")
