#!/usr/bin/env python3
"""Export a saved Spark ML clustering model as a clusterview model (clusterview-model/1).

  python3 scripts/export_spark_model.py --model SAVED_DIR --data PATH --output model.json

SAVED_DIR is what `model.save(path)` (or `model.write().save(path)`) wrote for one of:

  * a KMeansModel (distanceMeasure "euclidean"),
  * a GaussianMixtureModel,
  * a PipelineModel of VectorAssembler -> optional StandardScalerModel -> one of those two.

PATH is the training data, as `spark.read.csv(PATH, header=True, inferSchema=True)` reads it (a
file, a folder of part files, a glob; --format parquet/json/orc reads other sources). Everything
clusterview's rules need from the training rows is computed there by Spark aggregations, never by
collecting the rows: the row count, the z-score scaler of inverse-power, each cluster's smallest
and largest distance (linear), each cluster's share of the rows and, for k-means, the Gaussian
mixture estimated from the hard partition (the gmm rule). The hard partition is Spark's own
`prediction` column.

Spark's conventions are carried exactly:
  * The feature columns are the VectorAssembler's inputCols, in its order. A bare model (no
    pipeline) needs --columns, or takes every numeric column of PATH in order.
  * A StandardScalerModel becomes the model's scaler with `standardize: true`: its mean when
    withMean=true, else 0 (Spark's default, no centring); its std (Spark's sample standard
    deviation, n-1) when withStd=true (the default), else 1. A column whose std is 0 is mapped to 0
    by Spark whatever its value, so it carries no information: it is left out of the exported
    model (with a note), which gives exactly Spark's distances and (pseudo-)densities.
  * A GaussianMixtureModel's weights, means and full covariances are exported as they are (Spark
    does not regularise them; reg_covar is recorded as 0). A singular covariance, which Spark
    scores with a pseudo-inverse, is refused.
  * A GaussianMixtureModel's probability adds Spark's EPSILON (2^-52) to every weighted density
    before normalising, and its prediction is the first largest probability. The model records
    this as "density_floor", so clusterview's gmm rule and hard cluster equal Spark's probability
    and prediction columns even far from every component, where the exact posterior differs
    (--exact-posterior leaves it out).
  * The training summary (iterations) is not saved by Spark: `iteration` is 0. The Spark class,
    uid, version, params and seed are kept under the key "spark" (readers ignore it).

Refused with a one-line message and exit status 1: another model class (BisectingKMeansModel,
LDAModel, PowerIterationClustering, ...), KMeans with distanceMeasure "cosine", a pipeline of other
stages (MinMaxScaler, PCA, a Normalizer: clusterview's `--normalize l2` is not carried here, ...), feature columns that are not numeric, a model whose number of
features is not the data's. Spark ML has no fuzzy c-means: a model of any other class (a
third-party one included) is refused; fit `clusterview fit --method fcm` instead.

Needs pyspark (pip install pyspark) and Java 17. Runs Spark in local mode (--master, default
local[2]) unless run under spark-submit, which provides its own session.
"""

import argparse
import json
import math
import sys

FORMAT = "clusterview-model/1"
EPS = sys.float_info.epsilon

SUPPORTED = ("org.apache.spark.ml.clustering.KMeansModel", "org.apache.spark.ml.clustering.GaussianMixtureModel",
             "org.apache.spark.ml.PipelineModel")
REFUSED = {
    "org.apache.spark.ml.clustering.BisectingKMeansModel":
        "a BisectingKMeansModel assigns points by walking its tree of splits, not to the nearest centre; "
        "clusterview models k-means and Gaussian mixtures only",
    "org.apache.spark.ml.clustering.LDAModel": "an LDA topic model is not a clustering of points in feature space",
    "org.apache.spark.ml.clustering.LocalLDAModel": "an LDA topic model is not a clustering of points in feature space",
    "org.apache.spark.ml.clustering.DistributedLDAModel": "an LDA topic model is not a clustering of points in feature space",
}


class Refusal(Exception):
    """What cannot be exported; printed as one line."""


# ------------------------------------------------------------------------------------ reading

def saved_class(spark, path):
    """The class name in a saved stage's metadata (read through Spark: any filesystem it reads)."""
    try:
        text = spark.read.text(path.rstrip("/") + "/metadata").first()
    except Exception as error:  # noqa: BLE001 - Spark raises many kinds for a missing path
        raise Refusal(f"{path}: not a saved Spark ML model (no readable metadata: {first_line(error)})")
    if text is None:
        raise Refusal(f"{path}: not a saved Spark ML model (empty metadata)")
    meta = json.loads(text[0])
    return meta["class"], meta


def first_line(error):
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def load_model(spark, path):
    """(columns or None, scaler stage or None, clustering stage, metadata of the saved root)."""
    cls, meta = saved_class(spark, path)
    if cls in REFUSED:
        raise Refusal(f"{path}: cannot export: {REFUSED[cls]}")
    if cls not in SUPPORTED:
        raise Refusal(f"{path}: cannot export a {cls.rsplit('.', 1)[-1]}: KMeansModel, GaussianMixtureModel "
                      "or a PipelineModel of VectorAssembler -> optional StandardScaler -> one of them"
                      + ("; for fuzzy c-means fit clusterview --method fcm" if "cmeans" in cls.lower() or "fuzzy" in cls.lower() else ""))
    from pyspark.ml import PipelineModel
    from pyspark.ml.clustering import GaussianMixtureModel, KMeansModel
    if cls.endswith("KMeansModel"):
        return None, None, KMeansModel.load(path), meta
    if cls.endswith("GaussianMixtureModel"):
        return None, None, GaussianMixtureModel.load(path), meta
    return unwrap_pipeline(path, PipelineModel.load(path).stages) + (meta,)


def unwrap_pipeline(path, stages):
    from pyspark.ml.clustering import GaussianMixtureModel, KMeansModel
    from pyspark.ml.feature import StandardScalerModel, VectorAssembler
    names = " -> ".join(type(s).__name__ for s in stages)
    expected = "VectorAssembler -> optional StandardScaler -> KMeansModel or GaussianMixtureModel"
    # Row normalisation: clusterview's --normalize l2 is the same map as Normalizer(p=2), but this
    # exporter computes the scaler, ranges and partition mixture on the assembled rows, not on
    # normalised ones, so it refuses rather than write a model that answers differently.
    for s in stages:
        if type(s).__name__ == "Normalizer":
            raise Refusal(f"{path}: cannot export the pipeline {names}: a Normalizer (p={s.getP()}) is not carried "
                          "by this exporter; fit in clusterview with --normalize l2 instead")
    if not stages or not isinstance(stages[0], VectorAssembler):
        raise Refusal(f"{path}: cannot export the pipeline {names}: expected {expected}")
    assembler, rest = stages[0], list(stages[1:])
    scaler = rest.pop(0) if rest and isinstance(rest[0], StandardScalerModel) else None
    if len(rest) != 1 or not isinstance(rest[0], (KMeansModel, GaussianMixtureModel)):
        for s in rest:
            if type(s).__name__ in ("BisectingKMeansModel", "LDAModel", "LocalLDAModel", "DistributedLDAModel"):
                raise Refusal(f"{path}: cannot export the pipeline {names}: "
                              + REFUSED["org.apache.spark.ml.clustering." + type(s).__name__])
        raise Refusal(f"{path}: cannot export the pipeline {names}: expected {expected}")
    model = rest[0]
    # The stages must feed each other, or the model does not cluster the assembled columns.
    feeds = assembler.getOutputCol()
    if scaler is not None:
        if scaler.getInputCol() != feeds:
            raise Refusal(f"{path}: the StandardScaler reads '{scaler.getInputCol()}', not the assembler's '{feeds}'")
        feeds = scaler.getOutputCol()
    if model.getFeaturesCol() != feeds:
        raise Refusal(f"{path}: the {type(model).__name__} reads '{model.getFeaturesCol()}', not '{feeds}'")
    return list(assembler.getInputCols()), scaler, model


def read_data(spark, path, fmt):
    reader = spark.read
    if fmt == "csv":
        return reader.csv(path, header=True, inferSchema=True)
    return reader.format(fmt).load(path)


def numeric_columns(df):
    from pyspark.sql.types import NumericType
    return [f.name for f in df.schema.fields if isinstance(f.dataType, NumericType)]


def string_columns(df):
    from pyspark.sql.types import StringType
    return [f.name for f in df.schema.fields if isinstance(f.dataType, StringType)]


# ---------------------------------------------------------------------------------- aggregates

def clustering_columns(F, columns, mean, scale):
    """Each feature in the clustering space, as clusterview maps a query: (x - mean) / scale."""
    return [((F.col(f"`{c}`").cast("double") - F.lit(m)) / F.lit(s)) if (m != 0 or s != 1)
            else F.col(f"`{c}`").cast("double") for c, m, s in zip(columns, mean, scale)]


def squared_distance(F, z, centre):
    total = None
    for zj, cj in zip(z, centre):
        term = (zj - F.lit(float(cj))) * (zj - F.lit(float(cj)))
        total = term if total is None else total + term
    return total


def population_scaler(F, df, columns):
    """Mean and population std per column, one aggregation; constant columns (scikit-learn's
    `_is_constant_feature` bound, as clusterview's own scaler) get scale 1."""
    row = df.agg(F.count(F.lit(1)).alias("n"),
                 *[F.avg(F.col(f"`{c}`").cast("double")).alias(f"m{j}") for j, c in enumerate(columns)],
                 *[F.var_pop(F.col(f"`{c}`").cast("double")).alias(f"v{j}") for j, c in enumerate(columns)]).first()
    n = row["n"]
    mean, scale = [], []
    for j in range(len(columns)):
        m, v = float(row[f"m{j}"]), max(float(row[f"v{j}"]), 0.0)
        constant = v <= n * EPS * v + (n * m * EPS) ** 2
        mean.append(m)
        scale.append(1.0 if constant else math.sqrt(v))
    return mean, scale


def partition_mixture(F, scored, z, k, covariance_type, reg_covar):
    """scikit-learn's GaussianMixture._initialize from one-hot labels (Spark's predictions), by two
    grouped aggregations: the per-cluster means, then the centred second moments. None when a
    cluster is empty or a covariance is not positive definite (the format's null mixture)."""
    import numpy as np
    d = len(z)
    rows = scored.groupBy("prediction").agg(F.count(F.lit(1)).alias("n"),
                                            *[F.sum(zj).alias(f"s{a}") for a, zj in enumerate(z)]).collect()
    counts = {r["prediction"]: r["n"] for r in rows}
    if sorted(counts) != list(range(k)):
        return None
    nk = np.array([counts[j] + 10 * EPS for j in range(k)])
    means = np.array([[next(r for r in rows if r["prediction"] == j)[f"s{a}"] for a in range(d)] for j in range(k)]) / nk[:, None]
    label = F.col("prediction")
    centred = [zj - F.element_at(F.array(*[F.lit(float(means[j][a])) for j in range(k)]), label + 1)
               for a, zj in enumerate(z)]
    pairs = [(a, b) for a in range(d) for b in range(a + 1)]
    moments = scored.groupBy("prediction").agg(
        *[F.sum(centred[a] * centred[b]).alias(f"c{a}_{b}") for a, b in pairs]).collect()
    full = np.zeros((k, d, d))
    for r in moments:
        j = r["prediction"]
        for a, b in pairs:
            full[j, a, b] = full[j, b, a] = r[f"c{a}_{b}"] / nk[j]
    n = sum(counts.values())
    if covariance_type == "full":
        covariances = full + reg_covar * np.eye(d)[None, :, :]
    elif covariance_type == "tied":
        # scikit-learn: (X'X - Σ nk μ μ') / n, i.e. the pooled within-cluster scatter over n.
        covariances = (full * nk[:, None, None]).sum(axis=0) / nk.sum() + reg_covar * np.eye(d)
    elif covariance_type == "diag":
        covariances = np.array([np.diag(full[j]) for j in range(k)]) + reg_covar
    else:
        covariances = np.array([np.diag(full[j]).mean() for j in range(k)]) + reg_covar
    try:
        for c in (covariances if covariance_type == "full" else [covariances] if covariance_type == "tied" else []):
            np.linalg.cholesky(c)
        if covariance_type in ("diag", "spherical") and not (np.asarray(covariances) > 0).all():
            return None
    except np.linalg.LinAlgError:
        return None
    return {"weights": (nk / n).tolist(),
            "means": means.tolist(), "covariances": np.asarray(covariances).tolist()}, counts


# -------------------------------------------------------------------------------------- export

def export(spark, model_path, data_path, data_format="csv", columns=None, label=None, beta=1.0, fuzziness=2.0,
           covariance_type="full", reg_covar=1e-6, spark_posterior=True, notes=print):
    """The clusterview model (a dict) of the saved Spark model at model_path, trained on data_path."""
    import numpy as np
    from pyspark.ml.clustering import GaussianMixtureModel
    from pyspark.sql import functions as F

    pipeline_columns, scaler, estimator, meta = load_model(spark, model_path)
    df = read_data(spark, data_path, data_format)
    numeric = numeric_columns(df)
    if pipeline_columns is not None:
        if columns is not None and columns != pipeline_columns:
            raise Refusal(f"--columns {','.join(columns)} differs from the pipeline's assembler ({','.join(pipeline_columns)})")
        columns = pipeline_columns
    elif columns is None:
        columns = numeric
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise Refusal(f"{data_path}: no column {', '.join(repr(c) for c in missing)} (columns: {', '.join(df.columns)})")
    not_numeric = [c for c in columns if c not in numeric]
    if not_numeric:
        raise Refusal(f"{data_path}: feature column {', '.join(repr(c) for c in not_numeric)} is not numeric "
                      "(clusterview reads numbers only)")
    if len(set(columns)) != len(columns):
        raise Refusal("a feature column appears twice in the assembler")

    is_gmm = isinstance(estimator, GaussianMixtureModel)
    if is_gmm:
        gaussians = estimator.gaussiansDF.collect()  # k rows: the model, not the data
        centres = np.array([g["mean"].toArray() for g in gaussians])
        covariances = np.array([g["cov"].toArray() for g in gaussians])
        weights = list(map(float, estimator.weights))
    else:
        measure = estimator.getOrDefault("distanceMeasure")
        if measure != "euclidean":
            raise Refusal(f"{model_path}: cannot export a KMeansModel with distanceMeasure '{measure}': "
                          "clusterview's clusters are nearest centres by Euclidean distance "
                          "(to cluster by cosine, fit in clusterview with --normalize l2)")
        centres = np.array([c for c in estimator.clusterCenters()])
    k, dims = centres.shape
    if dims != len(columns):
        raise Refusal(f"{model_path}: the model has {dims} features but {data_path} gives {len(columns)} "
                      f"({', '.join(columns)}); pick them with --columns")

    if label is None:
        texts = [c for c in string_columns(df) if c not in columns]
        label = texts[-1] if texts else None
    elif label not in df.columns:
        raise Refusal(f"{data_path}: unknown label column '{label}' (columns: {', '.join(df.columns)})")

    # VectorAssembler's handleInvalid decides what Spark did with missing values; the rules'
    # statistics are over the rows every feature is present in.
    usable = df.na.drop(subset=columns)
    for c in columns:
        usable = usable.filter(~F.isnan(F.col(f"`{c}`").cast("double")))

    kept = list(range(dims))
    if scaler is not None:
        with_mean, with_std = bool(scaler.getWithMean()), bool(scaler.getWithStd())
        spark_mean, spark_std = scaler.mean.toArray(), scaler.std.toArray()
        mean = [float(m) if with_mean else 0.0 for m in spark_mean]
        scale = [float(s) if with_std else 1.0 for s in spark_std]
        if with_std:
            kept = [j for j in range(dims) if spark_std[j] != 0]
            dropped = [columns[j] for j in range(dims) if spark_std[j] == 0]
            if dropped:
                notes(f"note: {', '.join(dropped)} has standard deviation 0 in the StandardScaler: Spark maps it to 0 "
                      "whatever its value, so it is left out of the exported model (queries need not have it)")
        standardize = True
        scaler_record = {"withMean": with_mean, "withStd": with_std}
    else:
        mean, scale = population_scaler(F, usable, columns)
        standardize = False
        scaler_record = None
    if not kept:
        raise Refusal("every feature has standard deviation 0 in the StandardScaler")

    # Spark's own hard partition of the training rows.
    features = estimator.getFeaturesCol()
    prediction = estimator.getPredictionCol() or "prediction"
    from pyspark.ml.feature import VectorAssembler
    assembled = VectorAssembler(inputCols=columns, outputCol=features, handleInvalid="skip").transform(usable) \
        if pipeline_columns is None and features not in usable.columns else usable
    if pipeline_columns is not None:
        from pyspark.ml import PipelineModel
        scored = PipelineModel.load(model_path).transform(usable)
    else:
        scored = estimator.transform(assembled)
    scored = scored.withColumnRenamed(prediction, "prediction") if prediction != "prediction" else scored

    kept_columns = [columns[j] for j in kept]
    mean, scale = [mean[j] for j in kept], [scale[j] for j in kept]
    centres = centres[:, kept]
    z = clustering_columns(F, kept_columns, mean, scale)
    if not standardize:
        z = [F.col(f"`{c}`").cast("double") for c in kept_columns]

    dist = [F.sqrt(squared_distance(F, z, centres[j])) for j in range(k)]
    own = F.element_at(F.array(*[squared_distance(F, z, centres[j]) for j in range(k)]), F.col("prediction") + 1)
    stats = scored.agg(F.count(F.lit(1)).alias("n"), F.sum(own).alias("inertia"),
                       *[F.min(dj).alias(f"lo{j}") for j, dj in enumerate(dist)],
                       *[F.max(dj).alias(f"hi{j}") for j, dj in enumerate(dist)]).first()
    n = int(stats["n"])
    if n == 0:
        raise Refusal(f"{data_path}: no rows with every feature present")

    model = {
        "format": FORMAT, "columns": kept_columns, "label": label, "source": data_path, "n_samples": n,
        "standardize": standardize, "scaler": {"mean": mean, "scale": scale},
    }
    params = {p.name: v for p, v in estimator.extractParamMap().items()}
    seed = int(params.get("seed", 0))
    options = {"init": str(params.get("initMode", "random")), "seed": seed % 2 ** 32,
               "max_iter": int(params.get("maxIter", 0)), "tol": float(params.get("tol", 0.0))}
    if is_gmm:
        covariances = covariances[:, kept][:, :, kept]
        for j, c in enumerate(covariances):
            try:
                np.linalg.cholesky(c)
            except np.linalg.LinAlgError:
                raise Refusal(f"{model_path}: component {j}'s covariance is singular; Spark scores it with a "
                              "pseudo-inverse, which clusterview's gmm rule does not") from None
        model.update({
            "method": "gmm", "k": k, "beta": beta, "fuzziness": fuzziness, "iteration": 0, "converged": True,
            "inertia": float(stats["inertia"]), "centroids": centres.tolist(), "weights": weights,
            "covariance_type": "full", "covariances": covariances.tolist(), "mixture": None,
        })
        options["reg_covar"] = 0.0
    else:
        result = partition_mixture(F, scored, z, k, covariance_type, reg_covar)
        if result is None:
            counts = dict((r["prediction"], r["count"]) for r in scored.groupBy("prediction").count().collect())
            mixture = None
            notes("note: a cluster is empty or its covariance degenerate: the model has no partition mixture (gmm rule)")
        else:
            mixture, counts = result
        model.update({
            "method": "kmeans", "k": k, "beta": beta, "fuzziness": fuzziness, "iteration": 0, "converged": True,
            "inertia": float(stats["inertia"]), "centroids": centres.tolist(),
            "weights": [counts.get(j, 0) / n for j in range(k)],
            "covariance_type": covariance_type, "covariances": None, "mixture": mixture,
        })
        options["reg_covar"] = reg_covar
    model["linear_ranges"] = [[float(stats[f"lo{j}"]), float(stats[f"hi{j}"])] for j in range(k)]
    model["options"] = options
    model["bootstrap"] = None
    if is_gmm and spark_posterior:
        # Spark adds its EPSILON to every weighted density before normalising (see
        # docs/model-format.md); with this key clusterview's gmm rule and hard cluster do the same.
        # Spark's density of a component keeps (2π)^(-1/2) for each dimension its pseudo-inverse
        # drops (a column left out above): the same factor on every component, which only the
        # floor notices, so it moves into the floor.
        model["density_floor"] = EPS * (2 * math.pi) ** ((dims - len(kept)) / 2)
    model["spark"] = {"class": meta["class"], "uid": meta["uid"], "sparkVersion": meta.get("sparkVersion"),
                      "model": type(estimator).__name__, "seed": seed,
                      "params": {name: value for name, value in params.items() if is_json_scalar(value)},
                      "scaler": scaler_record, "assembler_columns": pipeline_columns}
    return model


def is_json_scalar(value):
    return isinstance(value, (str, bool, int)) or (isinstance(value, float) and math.isfinite(value))


def dumps(model):
    """One key per line, arrays on one line; floats in Python's shortest round-trip form."""
    body = ",\n".join(f"  {json.dumps(key)}: {json.dumps(value, allow_nan=False, separators=(',', ':'))}"
                      for key, value in model.items())
    return "{\n" + body + "\n}\n"


def write_atomically(path, text):
    import os
    import tempfile
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=folder)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def session(master):
    from pyspark.sql import SparkSession
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("export_spark_model").config("spark.ui.enabled", "false") \
        .config("spark.ui.showConsoleProgress", "false")
    from pyspark import SparkConf
    if not SparkConf().contains("spark.master"):  # spark-submit sets it; plain python3 does not
        builder = builder.master(master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="the folder model.save(path) wrote")
    parser.add_argument("--data", required=True, help="the training data (CSV with a header unless --format)")
    parser.add_argument("--output", help="the clusterview model file to write (default: standard output)")
    parser.add_argument("--force", action="store_true", help="replace --output if it exists")
    parser.add_argument("--format", default="csv", help="Spark source format of --data: csv (default), parquet, json, orc")
    parser.add_argument("--columns", help="feature columns, comma-separated, for a bare model (default: the "
                        "pipeline's assembler, else every numeric column)")
    parser.add_argument("--label", help="the label column recorded in the model (default: the last text column)")
    parser.add_argument("--covariance", default="full", choices=["full", "tied", "diag", "spherical"],
                        help="k-means: the type of the partition's mixture for the gmm rule (default full)")
    parser.add_argument("--reg-covar", type=float, default=1e-6, help="k-means: added to the partition mixture's "
                        "variances (default 1e-6, scikit-learn's)")
    parser.add_argument("--beta", type=float, default=1.0, help="the softmax rule's beta saved in the model (default 1)")
    parser.add_argument("--fuzziness", type=float, default=2.0, help="the fuzzy rule's m saved in the model (default 2)")
    parser.add_argument("--exact-posterior", action="store_true", help="GMM: leave out density_floor, so the gmm "
                        "rule gives the exact posterior (scikit-learn's predict_proba) rather than Spark's probability")
    parser.add_argument("--master", default="local[2]", help="Spark master when not under spark-submit (default local[2])")
    args = parser.parse_args(argv)

    import os
    if args.output and os.path.exists(args.output) and not args.force:
        sys.exit(f"export_spark_model: {args.output} exists (use --force to replace it)")
    try:
        spark = session(args.master)
        model = export(spark, args.model, args.data, args.format,
                       columns=args.columns.split(",") if args.columns else None, label=args.label,
                       beta=args.beta, fuzziness=args.fuzziness, covariance_type=args.covariance,
                       reg_covar=args.reg_covar, spark_posterior=not args.exact_posterior, notes=lambda text: print(text, file=sys.stderr))
    except Refusal as refusal:
        sys.exit(f"export_spark_model: {refusal}")
    text = dumps(model)
    if args.output:
        write_atomically(args.output, text)
        print(f"wrote {args.output}: {model['method']}, k={model['k']}, {len(model['columns'])} columns, "
              f"{model['n_samples']} rows", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
