#!/usr/bin/env python3
"""scikit-learn / pandas side of bench/run: timings as JSON on stdout.

Usage:
  reference.py measure FILE --k K --init-rows I,J,... [--load-repeats 5]
               [--kmeans-iters 3,6,9,12] [--gmm-iters 2,12] [--repeats 2]
               [--covariance full|diag]
  reference.py pca FILE [--repeats 3]   # PCA(2).fit_transform(X), seconds per repeat (issue 16)
  reference.py load-only FILE       # one pandas read_csv, for /usr/bin/time -v (peak RSS)
  reference.py import-only          # imports only: the interpreter + pandas baseline RSS

What is timed (time.perf_counter, wall clock; threads left at their defaults):

* load: `pandas.read_csv(FILE)` of the whole file, label column included (pandas parses it
  into Python strings; clusterview interns it too, so both read every field).

* k-means: `KMeans(n_clusters=k, init=X[rows], n_init=1, max_iter=m, tol=0, algorithm="lloyd")`
  `.fit(X)` for each m in --kmeans-iters, --repeats times. Two per-iteration estimates:
    - `fit_over_n_iter`: fit time / n_iter_ (what a user sees per iteration, including the
      fixed cost of one fit: input checks, the copy and centring of X, squared norms, the
      final label pass). Reported for the largest m, where that fixed cost is most amortised.
    - `marginal`: Theil–Sen slope of fit time against n_iter_ over all fits (the median of the
      pairwise slopes, robust to a stray slow fit), i.e. the cost of one more Lloyd iteration with the fixed cost removed. This is what
      clusterview's `bench` measures (it times `step()` alone), so it is the like-for-like one.
  tol=0 disables the centre-shift test, but scikit-learn still stops when the labels do not
  change ("strict convergence"); n_iter_ is read back, never assumed to be m.

* GMM (full covariance, or --covariance diag): EM iteration time isolated from initialisation in two ways at once:
    1. the start parameters are given (`weights_init`, `means_init`, `precisions_init`), so
       scikit-learn skips its own initialisation (no k-means, no responsibilities:
       see GaussianMixture._initialize_parameters). They are the parameters clusterview
       starts from: a k-means run from the same rows (scikit-learn defaults, as
       clusterview's GMM init), its hard labels turned into weights, means and covariances
       with scikit-learn's own M-step formula (`_estimate_gaussian_parameters`, reg_covar 1e-6).
       Both tools therefore walk the same EM path from the same point.
    2. differencing: with tol=0 EM never stops early (|change| < 0 is never true), so n_iter_
       == max_iter, and per iteration = (T(m_hi) − T(m_lo)) / (m_hi − m_lo) for each repeat,
       which also cancels the fixed per-fit costs (input checks, precision Cholesky of the
       given init, the extra E-step scikit-learn runs after the loop).
  One scikit-learn EM iteration is an E-step then an M-step; one clusterview `step()` is the
  M-step then the E-step (the E-step of the new parameters): the same work per iteration.
"""
import argparse
import json
import os
import sys
import time
import warnings

from stats import median, slope  # bench/stats.py, beside this script


def environment():
    import numpy
    import pandas
    import sklearn
    from threadpoolctl import threadpool_info
    pools = [
        {k: p.get(k) for k in ("user_api", "internal_api", "prefix", "version", "num_threads", "architecture",
                               "threading_layer")}
        for p in threadpool_info()
    ]
    return {
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "sklearn": sklearn.__version__,
        "cpu_count": os.cpu_count(),
        "sched_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "threadpools": pools,
        "env_threads": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
                        if k in os.environ},
    }


def measure(a):
    import numpy as np
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture
    from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    out = {"tool": "sklearn", "file": a.file, "env": environment()}

    # Load.
    loads = []
    df = None
    for _ in range(a.load_repeats):
        df = None
        t0 = time.perf_counter()
        df = pd.read_csv(a.file)
        loads.append(time.perf_counter() - t0)
    out["load_seconds"] = loads

    # Features as clusterview picks them: every numeric column except the text label.
    features = [c for c in df.columns if c != "label" and np.issubdtype(df[c].dtype, np.number)]
    # C order up front so no fit pays for a layout conversion (pandas blocks are column-major).
    X = np.ascontiguousarray(df[features].to_numpy(dtype=np.float64))
    del df
    n, d = X.shape
    k = a.k
    rows = [int(r) for r in a.init_rows.split(",")]
    assert len(rows) == k, "--init-rows must list k rows"
    init = X[rows].copy()
    out.update(rows=n, columns=d, k=k, init_rows=rows)

    # k-means. One untimed fit first: the first fit in a process also pays for starting the
    # OpenMP/BLAS thread pools and lazy imports.
    KMeans(n_clusters=k, init=init, n_init=1, max_iter=1, tol=0, algorithm="lloyd").fit(X)
    fits = []
    for m in ([] if a.no_kmeans else a.kmeans_iters):
        for _ in range(a.repeats):
            km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=m, tol=0, algorithm="lloyd")
            t0 = time.perf_counter()
            km.fit(X)
            t = time.perf_counter() - t0
            fits.append({"max_iter": m, "n_iter": int(km.n_iter_), "seconds": t})
    out["kmeans_fits"] = fits
    if fits:
        top = max(f["n_iter"] for f in fits)
        out["kmeans_fit_over_n_iter_seconds"] = [f["seconds"] / f["n_iter"] for f in fits if f["n_iter"] == top]
        out["kmeans_fit_over_n_iter_at"] = top
        out["kmeans_marginal_seconds"] = slope([f["n_iter"] for f in fits], [f["seconds"] for f in fits])

    if a.no_gmm:
        out["gmm_iteration_seconds"] = []
        json.dump(out, sys.stdout, indent=1)
        print()
        return

    # GMM start parameters: clusterview's init (k-means from the rows, scikit-learn defaults).
    labels = KMeans(n_clusters=k, init=init, n_init=1).fit(X).labels_
    resp = np.zeros((n, k))
    resp[np.arange(n), labels] = 1
    cov = a.covariance
    nk, means, covariances = _estimate_gaussian_parameters(X, resp, 1e-6, cov)
    del resp
    weights = nk / n
    # scikit-learn's precisions_init: the inverse covariances (diag: 1 / variances).
    precisions = np.linalg.inv(covariances) if cov == "full" else 1.0 / covariances
    lo, hi = min(a.gmm_iters), max(a.gmm_iters)
    assert hi > lo, "--gmm-iters needs two different counts"
    GaussianMixture(n_components=k, covariance_type=cov, max_iter=1, tol=0, weights_init=weights,
                    means_init=means, precisions_init=precisions).fit(X)  # untimed warm-up
    gfits = []
    per_iter = []
    for _ in range(a.repeats):
        t = {}
        for m in (lo, hi):
            gm = GaussianMixture(n_components=k, covariance_type=cov, max_iter=m, tol=0,
                                 weights_init=weights, means_init=means, precisions_init=precisions)
            t0 = time.perf_counter()
            gm.fit(X)
            t[m] = time.perf_counter() - t0
            assert gm.n_iter_ == m, (gm.n_iter_, m)
            gfits.append({"max_iter": m, "n_iter": int(gm.n_iter_), "seconds": t[m],
                          "lower_bound": float(gm.lower_bound_)})
        per_iter.append((t[hi] - t[lo]) / (hi - lo))
    out["gmm_fits"] = gfits
    out["gmm_iteration_seconds"] = per_iter
    out["gmm_iters"] = [lo, hi]
    out["gmm_covariance"] = cov
    json.dump(out, sys.stdout, indent=1)
    print()


def pca(a):
    """PCA(2).fit_transform on the file's numeric columns (scikit-learn's default solver choice:
    "auto" picks the randomized solver at 70,000 × 784), timed per repeat after one warm-up."""
    import numpy as np
    import pandas as pd
    from sklearn.decomposition import PCA
    df = pd.read_csv(a.file)
    features = [c for c in df.columns if c != "label" and np.issubdtype(df[c].dtype, np.number)]
    X = np.ascontiguousarray(df[features].to_numpy(dtype=np.float64))
    del df
    PCA(2).fit_transform(X)  # warm-up: thread pools, lazy imports
    times = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        PCA(2).fit_transform(X)
        times.append(time.perf_counter() - t0)
    json.dump({"tool": "sklearn", "file": a.file, "rows": X.shape[0], "columns": X.shape[1],
               "pca2_seconds": times}, sys.stdout, indent=1)
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("file")
    m.add_argument("--k", type=int, required=True)
    m.add_argument("--init-rows", required=True)
    m.add_argument("--load-repeats", type=int, default=5)
    m.add_argument("--kmeans-iters", type=lambda s: [int(x) for x in s.split(",")], default=[3, 6, 9, 12])
    m.add_argument("--gmm-iters", type=lambda s: [int(x) for x in s.split(",")], default=[2, 12])
    m.add_argument("--repeats", type=int, default=2)
    m.add_argument("--no-gmm", action="store_true", help="k-means only (inputs where a full GMM would take minutes)")
    m.add_argument("--no-kmeans", action="store_true", help="GMM only (the k-means fits still give the GMM's start)")
    m.add_argument("--covariance", choices=["full", "diag"], default="full")
    pc = sub.add_parser("pca")
    pc.add_argument("file")
    pc.add_argument("--repeats", type=int, default=3)
    lo = sub.add_parser("load-only")
    lo.add_argument("file")
    sub.add_parser("import-only")
    sub.add_parser("env")
    a = ap.parse_args()
    if a.cmd == "measure":
        measure(a)
    elif a.cmd == "pca":
        pca(a)
    elif a.cmd == "load-only":
        import pandas as pd
        df = pd.read_csv(a.file)
        print(len(df))
    elif a.cmd == "import-only":
        import pandas  # noqa: F401
    elif a.cmd == "env":
        json.dump(environment(), sys.stdout, indent=1)
        print()


if __name__ == "__main__":
    main()
