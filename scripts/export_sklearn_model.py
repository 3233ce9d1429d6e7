#!/usr/bin/env python3
"""Export a scikit-learn KMeans or GaussianMixture as a clusterview model (clusterview-model/1).

Then `clusterview membership --model MODEL.json --point ...` answers every membership rule for new
points with that model. The format is described in docs/model-format.md.

Two ways in:

  # a model fitted elsewhere, pickled with joblib (an estimator, or a Pipeline whose steps are an
  # optional StandardScaler followed by the estimator), plus the data it was fitted on:
  python3 scripts/export_sklearn_model.py --model km.joblib --data train.csv --output km-model.json

  # or fit here, from a CSV, with scikit-learn's defaults and --seed as random_state:
  python3 scripts/export_sklearn_model.py --data datasets/iris.csv --kmeans 3 --output iris-km.json
  python3 scripts/export_sklearn_model.py --data datasets/wine.csv --gmm 3 --covariance diag \\
      --standardize --seed 1 --output wine-gmm.json

The data file is needed in both cases: clusterview's model also holds what the rules need from the
training rows (the z-score scaler of inverse-power, each cluster's min/max distance for linear, and,
for k-means, the Gaussian mixture estimated from the hard partition for the gmm rule). Columns are
read as clusterview reads them: by default every numeric column except the label (the last text
column); --columns picks and orders them, --label names the label. Rows with an empty or
non-numeric feature value are dropped. A StandardScaler in a pickled Pipeline means the model
clusters z-scores: its mean and scale are exported and --standardize is implied.

Needs numpy and scikit-learn (joblib for --model). Tested with scikit-learn 1.9.1.
"""

import argparse
import csv
import json
import math
import sys

import numpy as np

FORMAT = "clusterview-model/1"


# ----------------------------------------------------------------------------- data

def _number(text):
    text = text.strip()
    if text == "" or text.lower() in ("na", "nan", "null", "none", "n/a", "-"):
        return None
    try:
        value = float(text)
    except ValueError:
        return "text"
    return value if math.isfinite(value) else None


def load_csv(path, columns=None, label=None, delimiter=None):
    """(feature names, label name or None, X as float64 n×D) as clusterview loads the file.

    Floats are parsed with float(), which rounds correctly like clusterview's parser."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        sample = f.read(65536)
        f.seek(0)
        if delimiter is None:
            delimiter = max([",", ";", "\t"], key=lambda d: sample.split("\n", 1)[0].count(d))
        rows = [r for r in csv.reader(f, delimiter=delimiter) if any(c.strip() for c in r)]
    header, body = [h.strip() for h in rows[0]], rows[1:]
    if not body:
        sys.exit(f"{path}: no data rows")

    def kind(j):
        for r in body:
            v = _number(r[j]) if j < len(r) else None
            if v is not None:
                return "text" if v == "text" else "numeric"
        return "empty"

    kinds = [kind(j) for j in range(len(header))]
    if label is None:
        texts = [j for j, k in enumerate(kinds) if k == "text"]
        label_index = texts[-1] if texts else None
    else:
        if label not in header:
            sys.exit(f"{path}: unknown label column '{label}' (columns: {', '.join(header)})")
        label_index = header.index(label)
    if columns is None:
        chosen = [j for j, k in enumerate(kinds) if k == "numeric" and j != label_index]
    else:
        missing = [c for c in columns if c not in header]
        if missing:
            sys.exit(f"{path}: unknown column(s) {', '.join(missing)} (columns: {', '.join(header)})")
        chosen = [header.index(c) for c in columns]
        if label_index in chosen:
            label_index = None
    X = []
    for r in body:
        values = [_number(r[j]) if j < len(r) else None for j in chosen]
        if any(v is None or v == "text" for v in values):
            continue
        X.append(values)
    if not X:
        sys.exit(f"{path}: no usable rows")
    return [header[j] for j in chosen], (header[label_index] if label_index is not None else None), np.array(X, dtype=np.float64)


# ---------------------------------------------------------------------------- model

def population_scaler(X):
    """StandardScaler().fit(X)'s mean_ and scale_ (population std; constant columns scale 1)."""
    from sklearn.preprocessing import StandardScaler
    s = StandardScaler().fit(X)
    return s.mean_, s.scale_


def distances(P, C):
    # Direct sqrt(sum((p - c)^2)), as clusterview computes them.
    return np.sqrt(((P[:, None, :] - C[None, :, :]) ** 2).sum(axis=2))


def partition_mixture(X, labels, k, covariance_type, reg_covar):
    """The mixture scikit-learn's GaussianMixture._initialize estimates from one-hot labels."""
    from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters
    resp = np.zeros((X.shape[0], k))
    resp[np.arange(X.shape[0]), labels] = 1
    nk, means, covariances = _estimate_gaussian_parameters(X, resp, reg_covar, covariance_type)
    return {"weights": (nk / X.shape[0]).tolist(), "means": means.tolist(), "covariances": covariances.tolist()}


def unwrap(model):
    """(scaler or None, estimator) from an estimator or a Pipeline(StandardScaler?, estimator)."""
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    if isinstance(model, Pipeline):
        steps = [s for _, s in model.steps if s is not None and s != "passthrough"]
        # clusterview's --normalize l2 is Normalizer(norm="l2"), but the statistics here are
        # computed on the raw rows: refuse rather than export a model that answers differently.
        for s in steps:
            if type(s).__name__ == "Normalizer":
                sys.exit(f"a Pipeline with a Normalizer(norm='{s.norm}') is not exported; "
                         "fit in clusterview with --normalize l2 instead")
        scaler = None
        if len(steps) == 2 and isinstance(steps[0], StandardScaler):
            scaler = steps[0]
        elif len(steps) != 1:
            sys.exit("a Pipeline must be an optional StandardScaler followed by KMeans or GaussianMixture")
        return scaler, steps[-1]
    return None, model


def export(estimator, X_raw, columns, label, source, scaler=None, standardize=False, beta=1.0, fuzziness=2.0,
           covariance_type="full", reg_covar=1e-6):
    """The clusterview model (a dict) of a fitted KMeans or GaussianMixture on training rows X_raw."""
    from sklearn.cluster import KMeans
    from sklearn.mixture import GaussianMixture

    mean, scale = population_scaler(X_raw)
    if scaler is not None:
        if not (getattr(scaler, "with_mean", True) and getattr(scaler, "with_std", True)):
            sys.exit("the Pipeline's StandardScaler must centre and scale (with_mean and with_std)")
        mean, scale, standardize = scaler.mean_, scaler.scale_, True
    X = (X_raw - mean) / scale if standardize else X_raw
    if X.shape[1] != len(columns):
        sys.exit(f"the data has {X.shape[1]} columns but the model expects {len(columns)}")

    model = {
        "format": FORMAT, "columns": list(columns), "label": label, "source": source,
        "n_samples": int(X.shape[0]), "standardize": bool(standardize),
        "scaler": {"mean": np.asarray(mean, dtype=float).tolist(), "scale": np.asarray(scale, dtype=float).tolist()},
    }
    seed = estimator.random_state if isinstance(estimator.random_state, int) else 0
    init = estimator.init if isinstance(getattr(estimator, "init", None), str) else None
    if isinstance(estimator, KMeans):
        C = estimator.cluster_centers_
        k = C.shape[0]
        labels = estimator.predict(X)
        counts = np.bincount(labels, minlength=k)
        model.update({
            "method": "kmeans", "k": k, "beta": beta, "fuzziness": fuzziness,
            "iteration": int(estimator.n_iter_), "converged": bool(estimator.n_iter_ < estimator.max_iter),
            "inertia": float(((X - C[labels]) ** 2).sum()),
            "centroids": C.tolist(), "weights": (counts / X.shape[0]).tolist(),
            "covariance_type": covariance_type, "covariances": None,
            "mixture": partition_mixture(X, labels, k, covariance_type, reg_covar),
        })
        options = {"init": init or "given centres", "seed": seed, "max_iter": int(estimator.max_iter),
                   "tol": float(estimator.tol), "reg_covar": reg_covar}
    elif isinstance(estimator, GaussianMixture):
        C = estimator.means_
        k = C.shape[0]
        labels = estimator.predict(X)
        model.update({
            "method": "gmm", "k": k, "beta": beta, "fuzziness": fuzziness,
            "iteration": int(estimator.n_iter_), "converged": bool(estimator.converged_),
            "inertia": float(((X - C[labels]) ** 2).sum()),
            "centroids": C.tolist(), "weights": estimator.weights_.tolist(),
            "covariance_type": estimator.covariance_type, "covariances": estimator.covariances_.tolist(),
            "mixture": None,
        })
        options = {"init": "k-means++" if estimator.init_params == "kmeans" else estimator.init_params,
                   "seed": seed, "max_iter": int(estimator.max_iter), "tol": float(estimator.tol),
                   "reg_covar": float(estimator.reg_covar)}
    else:
        # scikit-learn has no fuzzy c-means (scikit-fuzzy's cmeans returns arrays, not an estimator):
        # fit it in clusterview with --method fcm.
        sys.exit(f"cannot export a {type(estimator).__name__}: KMeans or GaussianMixture only"
                 " (fuzzy c-means: fit clusterview --method fcm)")
    d = distances(X, C)
    model["linear_ranges"] = [[float(d[:, j].min()), float(d[:, j].max())] for j in range(k)]
    model["options"] = options
    model["bootstrap"] = None
    return model


def dumps(model):
    """One key per line, arrays on one line; floats in Python's shortest round-trip form."""
    body = ",\n".join(f"  {json.dumps(key)}: {json.dumps(value, allow_nan=False, separators=(',', ':'))}"
                      for key, value in model.items())
    return "{\n" + body + "\n}\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="the training CSV (the rows the model was or will be fitted on)")
    parser.add_argument("--columns", help="feature columns by header name, comma-separated (default: every numeric column)")
    parser.add_argument("--label", help="the label column (default: the last text column)")
    parser.add_argument("--delimiter", help="field delimiter (default: sniffed among , ; tab)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="a fitted KMeans, GaussianMixture or Pipeline pickled with joblib")
    source.add_argument("--kmeans", type=int, metavar="K", help="fit KMeans(n_clusters=K, n_init=1) here")
    source.add_argument("--gmm", type=int, metavar="K", help="fit GaussianMixture(n_components=K) here")
    parser.add_argument("--covariance", default="full", choices=["full", "tied", "diag", "spherical"],
                        help="GMM covariance type; for k-means, the type of the partition's mixture (gmm rule)")
    parser.add_argument("--standardize", action="store_true", help="cluster z-scores (implied by a Pipeline's StandardScaler)")
    parser.add_argument("--seed", type=int, default=0, help="random_state when fitting here (default 0)")
    parser.add_argument("--beta", type=float, default=1.0, help="the softmax rule's beta saved in the model (default 1)")
    parser.add_argument("--fuzziness", type=float, default=2.0, help="the fuzzy rule's m saved in the model (default 2)")
    parser.add_argument("--reg-covar", type=float, default=1e-6, help="added to mixture covariances' diagonal (default 1e-6)")
    parser.add_argument("--output", help="where to write the model (default: standard output)")
    args = parser.parse_args(argv)

    columns = args.columns.split(",") if args.columns else None
    delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter, args.delimiter)
    names, label, X_raw = load_csv(args.data, columns, args.label, delimiter)
    scaler = None
    if args.model:
        import joblib
        scaler, estimator = unwrap(joblib.load(args.model))
        n_features = getattr(scaler or estimator, "n_features_in_", X_raw.shape[1])
        if n_features != X_raw.shape[1]:
            sys.exit(f"the model was fitted on {n_features} features; {args.data} gives {X_raw.shape[1]} ({', '.join(names)})")
        feature_names = getattr(scaler or estimator, "feature_names_in_", None)
        if feature_names is not None and list(feature_names) != names:
            sys.exit(f"the model was fitted on columns {', '.join(feature_names)}; {args.data} gives {', '.join(names)}")
    else:
        from sklearn.cluster import KMeans
        from sklearn.mixture import GaussianMixture
        X = X_raw
        if args.standardize:
            mean, scale = population_scaler(X_raw)
            X = (X_raw - mean) / scale
        if args.kmeans:
            estimator = KMeans(n_clusters=args.kmeans, n_init=1, random_state=args.seed).fit(X)
        else:
            estimator = GaussianMixture(n_components=args.gmm, covariance_type=args.covariance,
                                        reg_covar=args.reg_covar, random_state=args.seed).fit(X)
    model = export(estimator, X_raw, names, label, args.data, scaler=scaler, standardize=args.standardize,
                   beta=args.beta, fuzziness=args.fuzziness, covariance_type=args.covariance, reg_covar=args.reg_covar)
    text = dumps(model)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
