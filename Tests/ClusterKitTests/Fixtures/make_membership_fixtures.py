#!/usr/bin/env python3
"""Reference values for memberships of new points, for sweeps over k, and exported models.

Run from anywhere:  python3 Tests/ClusterKitTests/Fixtures/make_membership_fixtures.py
Writes, next to this script:
  membership.json                      query points and every rule's values (keys below)
  sklearn_iris_kmeans.model.json       a KMeans exported by scripts/export_sklearn_model.py
  sklearn_wine_std_gmm_diag.model.json a Pipeline(StandardScaler, GaussianMixture diag), exported

It reuses make_fixtures.py's loader, fits and formulas (imported, not edited), so the models here
are the very fits of iris_raw.json, wine_std.json etc.: KMeans from fixed `rows:` centres and
GaussianMixture initialised from that KMeans' labels. Deterministic: single-threaded BLAS/OpenMP.

membership.json keys:
  betas, fuzziness        the β and m values of the softmax and fuzzy references
  cases.<iris|wine>_<raw|std>
    dataset, standardize, k, init_rows (file rows), features, label
    queries               names of the 8 query points: centroid_1 (k-means centroid 1 mapped back to
                          the file's units), near_border_0_1 (0.45·c0 + 0.55·c1), far (mean + 40·std,
                          alternating signs), duplicate_row (file row 7), random_0..3 (uniform in the
                          data's range, 3 decimals)
    points                the query points in the file's own units (8 × D)
    kmeans                the k-means fit from init_rows: n_iter, distances (8 × k, clustering space),
                          cluster (argmin), softmax.<β>, inverse_power (z-score distances),
                          cosine, linear (per-cluster min/max over the training rows, clamped to
                          [0, 1]), fuzzy.<m>, gmm.<cov> (predict_proba of the mixture estimated from
                          the k-means labels, max_iter=0)
    gmm_model.<cov>       the GaussianMixture fitted from the same k-means labels: n_iter,
                          distances to its means, cluster (predict), proba (predict_proba)
  sweep.<iris|wine>_<raw|std>
    dataset, standardize, seed, points[]: per k in 2..8, KMeans(n_clusters=k, n_init=1,
    random_state=seed): inertia, n_iter, silhouette, ari; GaussianMixture(k, "full",
    random_state=seed): score, bic, aic, gmm_n_iter, gmm_silhouette and gmm_ari of its labels
  exported.<model file>   for the two exported models: points (file units), distances (clustering
                          space), cluster, gmm (predict_proba; for KMeans the partition's full
                          mixture), and for the KMeans also softmax (β = 1), inverse_power, fuzzy (m = 2)
"""

import importlib.util
import json
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_fixtures as base  # noqa: E402  (sets OMP_NUM_THREADS=1 before numpy is imported)

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.metrics import adjusted_rand_score, silhouette_score  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

REPO = base.REPO
spec = importlib.util.spec_from_file_location("export_sklearn_model", REPO / "scripts" / "export_sklearn_model.py")
exporter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exporter)

BETAS = (0.1, 1.0, 10.0)
FUZZINESS = (2.0, 1.5)
SWEEP_KS = list(range(2, 9))
SWEEP_SEED = 0
DUPLICATE_ROW = 7  # a training row (file row index) asked about again as a new point

# (case, csv, k, init rows as file row indices, standardize): the cases of make_fixtures.py.
CASES = [c for c in base.CASES if c[0] in ("iris_raw", "iris_std", "wine_raw", "wine_std")]


def fuzzy(d, m):
    """p_j ∝ d_j^(−2/(m−1)) in log space; a zero distance takes all the mass (ties share it)."""
    with np.errstate(divide="ignore"):
        logw = -(2.0 / (m - 1.0)) * np.log(d)
    zero = d == 0
    rows = zero.any(axis=1)
    logw[rows] = np.where(zero[rows], 0.0, -np.inf)
    return base.normalise_log(logw)


def query_points(X_raw, scaler, C, row_indices, standardize):
    """(name, raw point) pairs: in the file's own units, as a user would type them."""
    to_raw = (lambda c: scaler.inverse_transform(c[None, :])[0]) if standardize else (lambda c: c)
    signs = np.array([1.0 if f % 2 == 0 else -1.0 for f in range(X_raw.shape[1])])
    rng = np.random.default_rng(2024)
    lo, hi = X_raw.min(axis=0), X_raw.max(axis=0)
    points = [
        ("centroid_1", to_raw(C[1])),
        # Near the border of clusters 0 and 1 (not on it: an exact tie would hang on rounding).
        ("near_border_0_1", to_raw(0.45 * C[0] + 0.55 * C[1])),
        ("far", scaler.mean_ + 40 * scaler.scale_ * signs),
        ("duplicate_row", X_raw[row_indices.index(DUPLICATE_ROW)].copy()),
    ]
    points += [(f"random_{i}", np.round(lo + (hi - lo) * rng.random(X_raw.shape[1]), 3)) for i in range(4)]
    return points


def membership_case(name, csv_name, k, init_rows, standardize):
    features, label, row_indices, X_raw, y = base.load_csv(base.DATASETS / csv_name)
    scaler = StandardScaler().fit(X_raw)
    X = scaler.transform(X_raw) if standardize else X_raw
    init = X[[row_indices.index(r) for r in init_rows]].copy()
    km = base.kmeans(X, init, base.KMEANS_MAX_ITER)
    C = km.cluster_centers_

    queries = query_points(X_raw, scaler, C, row_indices, standardize)
    Q_raw = np.array([p for _, p in queries])
    Q = scaler.transform(Q_raw) if standardize else Q_raw
    d = base.distances(Q, C)
    d_train = base.distances(X, C)
    dmin, dmax = d_train.min(axis=0), d_train.max(axis=0)
    Z = Q if standardize else scaler.transform(Q)
    CZ = C if standardize else scaler.transform(C)
    cosine = (Q @ C.T) / np.outer(np.linalg.norm(Q, axis=1), np.linalg.norm(C, axis=1))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        partition = {cov: base.gmm(X, init, cov, 0) for cov in base.COV_TYPES}
        fitted = {cov: base.gmm(X, init, cov, base.GMM_MAX_ITER) for cov in base.COV_TYPES}
    gmm_model = {}
    for cov, g in fitted.items():
        gmm_model[cov] = {
            "n_iter": int(g.n_iter_),
            "distances": base.tolist(base.distances(Q, g.means_)),
            "cluster": base.tolist(g.predict(Q)),
            "proba": base.tolist(g.predict_proba(Q)),
        }
    return {
        "dataset": csv_name, "standardize": standardize, "k": k, "init_rows": init_rows,
        "features": features, "label": label,
        "queries": [n for n, _ in queries],
        "points": base.tolist(Q_raw),
        "kmeans": {
            "n_iter": int(km.n_iter_),
            "distances": base.tolist(d),
            "cluster": base.tolist(d.argmin(axis=1)),
            "softmax": {repr(b): base.tolist(base.normalise_log(-b * (d - d.min(axis=1, keepdims=True)))) for b in BETAS},
            "inverse_power": base.tolist(base.inverse_power(Z, CZ)),
            "cosine": base.tolist(cosine),
            "linear": base.tolist(np.clip(1.0 - (d - dmin) / (dmax - dmin), 0.0, 1.0)),
            "fuzzy": {repr(m): base.tolist(fuzzy(d, m)) for m in FUZZINESS},
            "gmm": {cov: base.tolist(g0.predict_proba(Q)) for cov, g0 in partition.items()},
        },
        "gmm_model": gmm_model,
    }


def sweep_case(csv_name, standardize):
    """KMeans and GaussianMixture(full) with scikit-learn's own seeded init, per k."""
    _, _, _, X_raw, y = base.load_csv(base.DATASETS / csv_name)
    X = StandardScaler().fit_transform(X_raw) if standardize else X_raw
    points = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for k in SWEEP_KS:
            km = KMeans(n_clusters=k, n_init=1, random_state=SWEEP_SEED).fit(X)
            g = GaussianMixture(n_components=k, covariance_type="full", random_state=SWEEP_SEED).fit(X)
            gl = g.predict(X)
            points.append({
                "k": k,
                "inertia": float(km.inertia_), "n_iter": int(km.n_iter_),
                "silhouette": float(silhouette_score(X, km.labels_)),
                "ari": float(adjusted_rand_score(y, km.labels_)),
                "score": float(g.score(X)), "bic": float(g.bic(X)), "aic": float(g.aic(X)),
                "gmm_n_iter": int(g.n_iter_),
                "gmm_silhouette": float(silhouette_score(X, gl)),
                "gmm_ari": float(adjusted_rand_score(y, gl)),
            })
    return {"dataset": csv_name, "standardize": standardize, "seed": SWEEP_SEED, "points": points}


def exported_cases():
    """Two models fitted by scikit-learn, exported with scripts/export_sklearn_model.py, and the
    values scikit-learn/numpy give for query points (in the file's units)."""
    out = {}
    # 1. KMeans on raw iris from fixed centres; the gmm rule is the partition's full mixture.
    features, label, rows, X, _ = base.load_csv(base.DATASETS / "iris.csv")
    scaler = StandardScaler().fit(X)
    km = base.kmeans(X, X[[0, 50, 100]].copy(), base.KMEANS_MAX_ITER)
    model = exporter.export(km, X, features, label, "datasets/iris.csv")
    (HERE / "sklearn_iris_kmeans.model.json").write_text(exporter.dumps(model))
    C = km.cluster_centers_
    Q = np.array([p for _, p in query_points(X, scaler, C, rows, False)])
    g0 = base.gmm(X, C.copy(), "full", 0)  # KMeans from the final centres keeps the partition
    assert np.array_equal(g0.init_labels_, km.predict(X))
    d = base.distances(Q, C)
    out["sklearn_iris_kmeans.model.json"] = {
        "points": base.tolist(Q), "distances": base.tolist(d), "cluster": base.tolist(km.predict(Q)),
        "softmax": base.tolist(base.normalise_log(-(d - d.min(axis=1, keepdims=True)))),
        "gmm": base.tolist(g0.predict_proba(Q)),
        "inverse_power": base.tolist(base.inverse_power(scaler.transform(Q), scaler.transform(C))),
        "fuzzy": base.tolist(fuzzy(d, 2.0)),
    }
    # 2. A Pipeline(StandardScaler, GaussianMixture diag) on wine, scikit-learn's own seeded init.
    features, label, rows, X, _ = base.load_csv(base.DATASETS / "wine.csv")
    pipe = make_pipeline(StandardScaler(), GaussianMixture(3, covariance_type="diag", random_state=0)).fit(X)
    scaler, g = pipe[0], pipe[-1]
    model = exporter.export(g, X, features, label, "datasets/wine.csv", scaler=scaler)
    (HERE / "sklearn_wine_std_gmm_diag.model.json").write_text(exporter.dumps(model))
    Q = np.array([p for _, p in query_points(X, scaler, g.means_, rows, True)])
    Qz = scaler.transform(Q)
    out["sklearn_wine_std_gmm_diag.model.json"] = {
        "points": base.tolist(Q), "distances": base.tolist(base.distances(Qz, g.means_)),
        "cluster": base.tolist(pipe.predict(Q)), "gmm": base.tolist(pipe.predict_proba(Q)),
    }
    return out


def main():
    result = {
        "sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
        "betas": list(BETAS), "fuzziness": list(FUZZINESS),
        "cases": {c[0]: membership_case(*c) for c in CASES},
        "sweep": {f"{name}_{'std' if std else 'raw'}": sweep_case(name + ".csv", std)
                  for name in ("iris", "wine") for std in (False, True)},
        "exported": exported_cases(),
    }
    path = HERE / "membership.json"
    with open(path, "w") as f:
        json.dump(result, f, allow_nan=False)
        f.write("\n")
    print(f"wrote {path.relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
