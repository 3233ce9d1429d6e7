#!/usr/bin/env python3
"""Add clusterview's membership columns to a Spark DataFrame, by piping each partition through
`clusterview membership --model MODEL --query - --format csv`.

As a module (the recipe; `spark.sparkContext.addPyFile("scripts/spark_membership.py")` ships it):

    from spark_membership import with_membership
    scored = with_membership(df, "model.json", rules="softmax,gmm")

As a command (spark-submit, or plain python3 for local[2]):

    python3 scripts/spark_membership.py --model model.json --data big.csv --output scored \\
        [--rules softmax,gmm] [--clusterview PATH]

The result is the DataFrame with, per row, `cluster` (clusterview's hard cluster: the nearest
centroid, or for a GMM the most probable component), `distance_0 .. distance_{k-1}` (Euclidean,
in the model's clustering space) and `<rule>_0 .. <rule>_{k-1}` for each rule ('-' in a rule's
name becomes '_': inverse_power_0). A row with a missing or non-numeric feature gets nulls; every
other row is answered. The command writes the scored rows as a folder of CSV part files (Spark's
df.write.csv, with a header), which `clusterview FOLDER --sample N --model MODEL` explores.

How it runs: each non-empty partition starts one clusterview process. A thread writes the
partition's model columns to its standard input (a header, then one CSV line per row, numbers in
Python's shortest round-trip form) while the partition's rows wait in a queue; the answers are
read back in order (one `distance` line and one line per rule for each row) and joined to their
rows. This is what `RDD.pipe` does, plus the join back to the rows, which plain `RDD.pipe`
cannot do (its output is just lines). Memory per task is the rows clusterview has read but not
yet answered. The model travels to the executors as a broadcast variable (each writes it once
to its temporary folder); the clusterview binary must be on every executor's PATH (or give its
path with `clusterview=`).
"""

import csv
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import deque

DEFAULT_RULES = "softmax,gmm,inverse-power,cosine,linear,fuzzy"


def model_facts(model_path):
    """(columns, k, label) of a clusterview model file, read on the driver."""
    with open(model_path, encoding="utf-8") as f:
        model = json.load(f)
    if not str(model.get("format", "")).startswith("clusterview-model/"):
        raise ValueError(f"{model_path}: not a clusterview model")
    return list(model["columns"]), int(model["k"]), model.get("label")


def column_names(rules, k):
    names = ["cluster"] + [f"distance_{j}" for j in range(k)]
    for rule in rules:
        names += [f"{rule.replace('-', '_')}_{j}" for j in range(k)]
    return names


def _number_text(value):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else None
    try:
        return repr(float(value))  # Decimal and the like
    except (TypeError, ValueError):
        return None


def score_partition(rows, model_file, columns, k, rules, clusterview, extra_args=()):
    """Yields each row of the partition extended with its membership values (a tuple).

    Starts no process for an empty partition. Answers are matched to rows by order, and checked
    by the line number clusterview reports (`<stdin>:LINE`)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    pending = deque()  # (row, answered?) in input order, written but not yet read back
    sent = [0]
    width = 1 + k * (1 + len(rules))
    command = [clusterview, "membership", "--model", model_file, "--query", "-", "--format", "csv",
               "--rules", ",".join(rules), *extra_args]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    failure = []

    def feed():
        try:
            out = process.stdin
            out.write((",".join(columns) + "\n").encode())
            for row in _chain(first, rows):
                texts = [_number_text(row[c]) for c in columns]
                answered = all(t is not None for t in texts)
                pending.append((row, answered))  # before writing: the answer cannot come first
                if answered:
                    out.write((",".join(texts) + "\n").encode())
                    sent[0] += 1
            out.close()
        except BrokenPipeError:
            pass  # clusterview stopped; its exit status and message say why
        except BaseException as error:  # noqa: BLE001 - re-raised in the reading thread
            failure.append(error)
            process.kill()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    errors = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    reader.start()
    records = csv.reader(line.decode() for line in process.stdout)
    header = next(records, None)
    values, answered = None, 0
    if header is not None:
        # Columns by name: query,source,rule,cluster,v_0..v_{k-1} today.
        at = {name: i for i, name in enumerate(header)}
        rule_at, cluster_at, source_at = at.get("rule"), at.get("cluster"), at.get("source")
        value_at = [at.get(f"v_{j}") for j in range(k)]
        if rule_at is None or cluster_at is None or None in value_at:
            process.kill()
            raise RuntimeError(f"clusterview membership printed an unexpected header: {','.join(header)}")
        for fields in records:
            numbers = [float(fields[i]) if fields[i] != "" else None for i in value_at]
            if fields[rule_at] == "distance":  # each answer starts with its distances
                if values is not None:
                    yield from _emit(pending, values)
                answered += 1
                where = fields[source_at].rpartition(":")[2] if source_at is not None else ""
                if where.isdigit() and int(where) != answered + 1:
                    raise RuntimeError(f"clusterview answered line {where} where line {answered + 1} was expected")
                values = [int(fields[cluster_at])] + numbers
            else:
                values += numbers
    if values is not None:
        yield from _emit(pending, values)
    writer.join()
    process.wait()
    reader.join()
    if failure:
        raise failure[0]
    if (process.returncode != 0 or header is None) and sent[0] > 0:
        message = (errors[0].decode(errors="replace").strip() if errors else "") or f"exit status {process.returncode}"
        raise RuntimeError(f"clusterview membership failed: {message}")
    yield from _emit(pending, None, width)


def _chain(first, rest):
    yield first
    yield from rest


def _emit(pending, values, width=None):
    """The rows up to and including the next answered one, which gets `values` (rows skipped for
    a missing feature get nulls); with values None, whatever is left, which must be unanswered."""
    while pending:
        row, answered = pending.popleft()
        if not answered:
            yield tuple(row) + (None,) * (width or len(values))
            continue
        if values is None:
            raise RuntimeError("clusterview answered fewer rows than it was given")
        yield tuple(row) + tuple(values)
        return
    if values is not None:
        raise RuntimeError("clusterview answered more rows than it was given")


def local_copy(model_bytes):
    """The model as a file on this machine (clusterview reads a path), written once per content."""
    import hashlib
    import tempfile
    path = os.path.join(tempfile.gettempdir(), f"clusterview-model-{hashlib.sha256(model_bytes).hexdigest()[:20]}.json")
    if not os.path.exists(path):
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".clusterview-model-")
        with os.fdopen(fd, "wb") as f:
            f.write(model_bytes)
        os.replace(tmp, path)
    return path


def with_membership(df, model_path, rules=DEFAULT_RULES, clusterview="clusterview", extra_args=()):
    """df with `cluster`, `distance_j` and `<rule>_j` columns from the clusterview model file."""
    from pyspark.sql.types import DoubleType, IntegerType, StructField, StructType

    columns, k, _ = model_facts(model_path)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"the model's column(s) {', '.join(missing)} are not in the DataFrame ({', '.join(df.columns)})")
    rules = [r.strip() for r in (rules.split(",") if isinstance(rules, str) else rules) if r.strip()]
    names = column_names(rules, k)
    clash = [n for n in names if n in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has column(s) {', '.join(clash)}")
    spark = df.sparkSession
    # The executors need not have this file: its functions travel with the task, by value.
    from pyspark import cloudpickle
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with open(model_path, "rb") as f:
        model_bytes = spark.sparkContext.broadcast(f.read())
    if os.path.sep in clusterview:
        clusterview = os.path.abspath(clusterview)
    elif shutil.which(clusterview) is None:
        raise FileNotFoundError(f"{clusterview} is not on PATH (give its path)")
    schema = StructType(list(df.schema.fields)
                        + [StructField("cluster", IntegerType(), True)]
                        + [StructField(n, DoubleType(), True) for n in names[1:]])
    extra = tuple(extra_args)

    def run(rows):
        return score_partition(rows, local_copy(model_bytes.value), columns, k, rules, clusterview, extra)

    return spark.createDataFrame(df.rdd.mapPartitions(run), schema)


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a clusterview model file (export_spark_model.py writes one)")
    parser.add_argument("--data", required=True, help="rows to score, as spark.read.csv(PATH, header=True, inferSchema=True) reads them")
    parser.add_argument("--output", required=True, help="folder for the scored rows (CSV part files with a header)")
    parser.add_argument("--rules", default=DEFAULT_RULES, help=f"clusterview's --rules (default {DEFAULT_RULES})")
    parser.add_argument("--clusterview", default="clusterview", help="the clusterview binary (default: from PATH)")
    parser.add_argument("--master", default="local[2]", help="Spark master when not under spark-submit (default local[2])")
    args = parser.parse_args(argv)
    if os.path.exists(args.output):
        sys.exit(f"spark_membership: {args.output} exists (remove it first)")
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName("spark_membership").config("spark.ui.enabled", "false") \
        .config("spark.ui.showConsoleProgress", "false")
    from pyspark import SparkConf
    if not SparkConf().contains("spark.master"):  # spark-submit sets it; plain python3 does not
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        df = spark.read.csv(args.data, header=True, inferSchema=True)
        scored = with_membership(df, args.model, args.rules, args.clusterview)
        scored.write.csv(args.output, header=True)
    except (ValueError, FileNotFoundError, RuntimeError) as error:
        sys.exit(f"spark_membership: {error}")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
