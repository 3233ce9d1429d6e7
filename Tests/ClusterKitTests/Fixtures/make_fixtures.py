#!/usr/bin/env python3
"""Generate the scikit-learn reference fixtures for ClusterKit's tests.

Run from anywhere:  python3 Tests/ClusterKitTests/Fixtures/make_fixtures.py
Reads  <repo>/datasets/*.csv, writes one <case>.json next to this script.
See README.md in this folder for what each JSON key holds.
"""

import os

# Single-threaded OpenMP/BLAS *before* numpy/sklearn are imported: KMeans sums
# 256-row chunks in per-thread buffers and reduces them in whatever order the
# threads finish, so with >256 rows (blobs) the last bits of the centroids
# could change from run to run. One thread makes regeneration bit-for-bit.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import csv
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from scipy.special import logsumexp
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]  # Tests/ClusterKitTests/Fixtures -> repository root
DATASETS = REPO / "datasets"

KMEANS_TOL, KMEANS_MAX_ITER = 1e-4, 300
GMM_TOL, GMM_REG_COVAR, GMM_MAX_ITER = 1e-3, 1e-6, 100
COV_TYPES = ("full", "tied", "diag", "spherical")
BETAS = (0.1, 1.0, 10.0)

# (name, csv file, k, init rows as 0-based data-row indices in the file);
# each dataset becomes two cases: <name>_raw and <name>_std.
DATASET_SPECS = [
    ("iris", "iris.csv", 3, [0, 50, 100]),
    ("wine", "wine.csv", 3, [0, 59, 130]),
    ("blobs_2d", "blobs_2d.csv", 4, [0, 150, 300, 450]),
    ("penguins", "penguins.csv", 3, [0, 160, 300]),
]
CASES = [
    (f"{name}_{'std' if std else 'raw'}", csv_name, k, rows, std)
    for name, csv_name, k, rows in DATASET_SPECS
    for std in (False, True)
]
# Duplicate initial centres: every point ties between centres 0 and 1, the
# lower index wins, cluster 1 is empty after the first assignment and sklearn
# relocates it (it does not refuse).
CASES.append(("iris_emptyinit", "iris.csv", 3, [0, 0, 100], False))


# --------------------------------------------------------------------------- data

def load_csv(path):
    """Parse with csv + float() rather than pandas: float() is correctly
    rounded (like Swift's Double(String)), pandas' default fast parser is not
    guaranteed to be. Returns (numeric column names, label column name,
    kept file row indices, X, labels). Rows with any empty numeric field are
    dropped; row indices count data rows (header excluded) from 0."""
    with open(path, newline="") as f:
        header, *rows = list(csv.reader(f))
    label_col = len(header) - 1  # the text column is the last one
    features = header[:label_col]
    kept, X, y = [], [], []
    for i, row in enumerate(rows):
        fields = row[:label_col]
        if any(v.strip() == "" for v in fields):
            continue
        kept.append(i)
        X.append([float(v) for v in fields])
        y.append(row[label_col])
    return features, header[label_col], kept, np.array(X, dtype=np.float64), y


# ------------------------------------------------------------------------ models

def kmeans(X, centers, max_iter):
    # n_init=1 with explicit centres: the run is fully deterministic.
    return KMeans(n_clusters=len(centers), init=centers, n_init=1, max_iter=max_iter,
                  tol=KMEANS_TOL, algorithm="lloyd").fit(X)


class InitCentersGaussianMixture(GaussianMixture):
    """GaussianMixture initialised exactly like init_params="kmeans", except
    that the KMeans uses the given initial centres instead of k-means++.
    sklearn's own _initialize (-> _estimate_gaussian_parameters, weights /= n)
    turns the one-hot labels into starting parameters."""

    def __init__(self, n_components=1, *, init_centers=None, covariance_type="full",
                 tol=GMM_TOL, reg_covar=GMM_REG_COVAR, max_iter=GMM_MAX_ITER):
        super().__init__(n_components=n_components, covariance_type=covariance_type,
                         tol=tol, reg_covar=reg_covar, max_iter=max_iter, n_init=1,
                         init_params="kmeans")
        self.init_centers = init_centers

    # Same signature as BaseMixture/GaussianMixture._initialize_parameters in 1.9.1.
    def _initialize_parameters(self, X, random_state, xp=None):
        labels = kmeans(X, self.init_centers, KMEANS_MAX_ITER).labels_
        resp = np.zeros((X.shape[0], self.n_components), dtype=X.dtype)
        resp[np.arange(X.shape[0]), labels] = 1
        self.init_labels_ = labels
        self._initialize(X, resp)


def gmm(X, centers, cov, max_iter):
    return InitCentersGaussianMixture(len(centers), init_centers=centers,
                                      covariance_type=cov, max_iter=max_iter).fit(X)


# -------------------------------------------------------------------- membership

def normalise_log(logw):
    """Row-normalise weights given as logs (stable: logsumexp)."""
    return np.exp(logw - logsumexp(logw, axis=1, keepdims=True))


def distances(P, C):
    # Direct sqrt(sum((p - c)^2)), not sklearn's ||p||^2 - 2p.c + ||c||^2 trick.
    return np.sqrt(((P[:, None, :] - C[None, :, :]) ** 2).sum(axis=2))


def inverse_power(Z, CZ):
    """p_j ∝ d_j^-(n-1) in z-score space, in log space. A point sitting exactly
    on centroid(s) gets all its mass there (split evenly if several)."""
    n = Z.shape[1]
    d = distances(Z, CZ)
    with np.errstate(divide="ignore"):
        logw = -(n - 1) * np.log(d)
    zero = d == 0
    rows = zero.any(axis=1)
    logw[rows] = np.where(zero[rows], 0.0, -np.inf)
    return normalise_log(logw)


# --------------------------------------------------------------------- the cases

def tolist(a):
    return np.asarray(a).tolist()


def gmm_record(g):
    return {
        "weights": tolist(g.weights_),
        "means": tolist(g.means_),
        "covariances": tolist(g.covariances_),
    }


def make_case(name, csv_name, k, init_rows, standardize):
    features, label, row_indices, X_raw, y = load_csv(DATASETS / csv_name)
    scaler = StandardScaler().fit(X_raw)  # population std (ddof=0)
    X = scaler.transform(X_raw) if standardize else X_raw
    # init_rows are file row indices; they must be kept rows.
    pos = [row_indices.index(r) for r in init_rows]
    init = X[pos].copy()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        km = kmeans(X, init, KMEANS_MAX_ITER)
        km_steps = [(m, kmeans(X, init, m)) for m in (1, 2, 3)]
        gmms = {}
        for cov in COV_TYPES:
            gmms[cov] = (
                gmm(X, init, cov, GMM_MAX_ITER),
                gmm(X, init, cov, 0),  # max_iter=0 is allowed: parameters after init only
                [(m, gmm(X, init, cov, m)) for m in (1, 2)],
            )

    C = km.cluster_centers_
    labels = km.labels_

    gmm_out = {}
    for cov, (g, g0, steps) in gmms.items():
        assert np.array_equal(g0.init_labels_, labels)
        gmm_out[cov] = {
            "tol": GMM_TOL, "reg_covar": GMM_REG_COVAR, "max_iter": GMM_MAX_ITER,
            **gmm_record(g),
            "precisions_cholesky": tolist(g.precisions_cholesky_),
            "lower_bound": float(g.lower_bound_),
            "n_iter": int(g.n_iter_),
            "converged": bool(g.converged_),
            "labels": tolist(g.predict(X)),
            "proba": tolist(g.predict_proba(X)),
            "score": float(g.score(X)),
            "bic": float(g.bic(X)),
            "aic": float(g.aic(X)),
            "init": gmm_record(g0),
            "steps": [
                {"max_iter": m, **gmm_record(s),
                 "lower_bound": float(s.lower_bound_), "n_iter": int(s.n_iter_)}
                for m, s in steps
            ],
        }

    d = distances(X, C)
    dmin, dmax = d.min(axis=0), d.max(axis=0)  # per cluster, over all points
    # z-score space: the clustering space itself when standardised.
    Z = X if standardize else scaler.transform(X)
    CZ = C if standardize else scaler.transform(C)
    cosine = (X @ C.T) / np.outer(np.linalg.norm(X, axis=1), np.linalg.norm(C, axis=1))
    membership = {
        "distances": tolist(d),
        "beta": list(BETAS),
        # p_j ∝ exp(-β d_j); subtracting the row's min distance avoids underflow.
        "softmax": {repr(b): tolist(normalise_log(-b * (d - d.min(axis=1, keepdims=True))))
                    for b in BETAS},
        "inverse_power": tolist(inverse_power(Z, CZ)),
        "cosine": tolist(cosine),
        "linear": tolist(1.0 - (d - dmin) / (dmax - dmin)),
        # Mixture estimated from the final hard labels, no EM step.
        "gmm": {cov: tolist(g0.predict_proba(X)) for cov, (_, g0, _) in gmms.items()},
    }

    return {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "dataset": csv_name,
        "features": features,
        "label": label,
        "standardize": standardize,
        "k": k,
        "init_rows": init_rows,
        "row_indices": row_indices,
        "scaler": {"mean": tolist(scaler.mean_), "scale": tolist(scaler.scale_)},
        "true_labels": y,
        "kmeans": {
            "tol": KMEANS_TOL, "max_iter": KMEANS_MAX_ITER,
            "centroids": tolist(C), "labels": tolist(labels),
            "inertia": float(km.inertia_), "n_iter": int(km.n_iter_),
            "steps": [
                {"max_iter": m, "centroids": tolist(s.cluster_centers_),
                 "labels": tolist(s.labels_), "inertia": float(s.inertia_),
                 "n_iter": int(s.n_iter_)}
                for m, s in km_steps
            ],
        },
        "gmm": gmm_out,
        "membership": membership,
        "metrics": {
            "silhouette": float(silhouette_score(X, labels, metric="euclidean")),
            "ari": float(adjusted_rand_score(y, labels)),
        },
    }


def main():
    for case in CASES:
        name = case[0]
        out = make_case(*case)
        path = HERE / f"{name}.json"
        with open(path, "w") as f:
            # allow_nan=False: a NaN/inf would not be valid JSON for Swift's decoder.
            json.dump(out, f, allow_nan=False)
            f.write("\n")
        print(f"wrote {path.relative_to(REPO)}  kmeans n_iter={out['kmeans']['n_iter']}  "
              + " ".join(f"{c}:{out['gmm'][c]['n_iter']}" for c in COV_TYPES),
              file=sys.stderr)


if __name__ == "__main__":
    main()
