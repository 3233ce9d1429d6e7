#!/usr/bin/env python3
"""Spark MLlib reference answers for models exported by scripts/export_spark_model.py.

Writes, next to itself, for two Spark models fitted in pyspark local[2] on generated blobs:
  spark_<case>.model.json    the exported clusterview model (export_spark_model.export)
  spark_<case>.answers.json  query points (raw units) with Spark's own transform outputs:
                             prediction, probability (GMM) and the features vector the model
                             clusters (scaled when the pipeline has a StandardScaler)

Cases: `gmm_raw` (VectorAssembler -> GaussianMixture k=3 on data in large units, where Spark's
EPSILON floor moves the probabilities of most points away from the exact posterior) and
`kmeans_scaled` (VectorAssembler -> StandardScaler -> KMeans k=4). The queries are 40 training
rows and 40 rows far from the data. SparkParityTests.swift checks clusterview against them;
scripts/test-spark checks the same through the scoring pipe on every row.

  python3 Tests/ClusterKitTests/Fixtures/make_spark_fixtures.py   (needs pyspark, numpy)
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))


def main():
    import tempfile
    import pyspark
    from export_spark_model import dumps, export
    from pyspark.ml import Pipeline
    from pyspark.ml.clustering import GaussianMixture, KMeans
    from pyspark.ml.feature import StandardScaler, VectorAssembler
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false") \
        .config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    tmp = tempfile.mkdtemp()
    rng = np.random.default_rng(2026)
    for case, k, dims, scale, stages in (("gmm_raw", 3, 3, 150.0, "gmm"), ("kmeans_scaled", 4, 4, 20.0, "kmeans")):
        centres = rng.uniform(-6, 6, size=(k, dims))
        X = np.vstack([rng.normal(c, 1.0, size=(250, dims)) for c in centres]) * scale + 40.0
        columns = [f"v{j}" for j in range(dims)]
        train = os.path.join(tmp, f"{case}.csv")
        with open(train, "w") as f:
            f.write(",".join(columns) + "\n")
            for row in X:
                f.write(",".join(repr(float(v)) for v in row) + "\n")
        df = spark.read.csv(train, header=True, inferSchema=True)
        parts = [VectorAssembler(inputCols=columns, outputCol="features")]
        if stages == "gmm":
            parts.append(GaussianMixture(k=k, seed=3))
            features = "features"
        else:
            parts += [StandardScaler(inputCol="features", outputCol="scaled"), KMeans(featuresCol="scaled", k=k, seed=3)]
            features = "scaled"
        fitted = Pipeline(stages=parts).fit(df)
        saved = os.path.join(tmp, f"{case}-model")
        fitted.write().save(saved)
        model = export(spark, saved, train, notes=lambda _: None)
        model["source"] = f"{case}.csv"
        with open(os.path.join(HERE, f"spark_{case}.model.json"), "w") as f:
            f.write(dumps(model))
        lo, hi = X.min(axis=0), X.max(axis=0)
        queries = np.vstack([X[rng.choice(len(X), 40, replace=False)], lo + (hi - lo) * rng.uniform(-6, 6, size=(40, dims))])
        qdf = spark.createDataFrame([tuple(map(float, q)) for q in queries], columns)
        out = fitted.transform(qdf).collect()
        answers = {
            "pyspark_version": pyspark.__version__, "numpy_version": np.__version__,
            "columns": columns, "queries": queries.tolist(),
            "prediction": [r["prediction"] for r in out],
            "features": [r[features].toArray().tolist() for r in out],
            "centres": [c.tolist() for c in (fitted.stages[-1].clusterCenters() if stages == "kmeans" else
                                             [g["mean"].toArray() for g in fitted.stages[-1].gaussiansDF.collect()])],
        }
        if stages == "gmm":
            answers["probability"] = [r["probability"].toArray().tolist() for r in out]
        with open(os.path.join(HERE, f"spark_{case}.answers.json"), "w") as f:
            json.dump(answers, f, indent=1)
            f.write("\n")
        print(f"wrote spark_{case}.model.json and spark_{case}.answers.json")
    spark.stop()


if __name__ == "__main__":
    main()
