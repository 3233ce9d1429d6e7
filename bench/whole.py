#!/usr/bin/env python3
"""Whole-process cases of issue 9, each printed beside its target (called by bench/run).

Usage: whole.py --cv BIN --data DIR --out FILE [--quick] [--repeats N]

Every clusterview case is the whole process (start-up, load, fit, output), timed around the
child with time.perf_counter; its peak RSS comes from /usr/bin/time -v when that works, else
from wait4's rusage. The Python pipelines are what a user would write instead, run in the same
bench run, timed inside Python (imports excluded, as in the issue) and as a whole process.
Medians over --repeats runs; the ratio is clusterview / reference.

Cases (full run; --quick shrinks the inputs and times each once — a smoke test, not a figure):
  fit-json    fit 1M × 8 k=8 --init rows:0..7 --max-iter 20 --tol 0 --format json --output F
              vs pandas.read_csv + KMeans(same init, max_iter=20, tol=0) + json.dump  (≤ 0.5×)
              and peak RSS ≤ 2 × raw Float64 data + 50 MB
  fit-csv     the same fit, default CSV to a file                               (≤ 2.0 s, ≤ 300 MB)
  membership  membership --model M --query - < 1M rows > file, --rules softmax and the default
              rules                                                          (≤ 2 s, ≤ 100 MB RSS)
  features    features digits.csv -k 50:500:50 --output F (scikit-learn's digits, 1,797 × 64)
              vs for k: KMeans(n_clusters=k, random_state=0, n_init=1).fit(X).transform(X)  (≤ 0.5×)
  features-gmm  features digits.csv -k 50:450:50 --kind proba --method gmm --covariance diag
              vs for k: GaussianMixture(k, covariance_type="diag", random_state=0).fit(X)
              .predict_proba(X)                                   (no target; issue: 23 s vs 6.8 s)
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

from stats import median

PY_FIT_JSON = r"""
import json, sys, time
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
file, out, k, iters = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t0 = time.perf_counter()
df = pd.read_csv(file)
X = df[[c for c in df.columns if c != "label"]].to_numpy(dtype=np.float64)
km = KMeans(n_clusters=k, init=X[:k], n_init=1, max_iter=iters, tol=0, algorithm="lloyd").fit(X)
with open(out, "w") as f:
    json.dump({"k": k, "n_iter": int(km.n_iter_), "inertia": float(km.inertia_),
               "centroids": km.cluster_centers_.tolist(), "labels": km.labels_.tolist()}, f)
print(time.perf_counter() - t0)
"""

PY_FEATURES = r"""
import sys, time, warnings
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
warnings.filterwarnings("ignore")
file, kind, lo, hi, step = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = pd.read_csv(file).drop(columns=["digit"]).to_numpy(dtype=np.float64)
t0 = time.perf_counter()
for k in range(lo, hi + 1, step):
    if kind == "distances":
        KMeans(n_clusters=k, random_state=0, n_init=1).fit(X).transform(X)
    else:
        GaussianMixture(n_components=k, covariance_type="diag", random_state=0).fit(X).predict_proba(X)
print(time.perf_counter() - t0)
"""


def timed(cmd, stdin=None, stdout=None):
    """(wall seconds, peak RSS in KB, stdout text) of one whole process."""
    import tempfile
    time_v = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-v"] + cmd) if time_v else cmd
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as captured:
        fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
        fout = open(stdout, "wb") if stdout else captured
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdin=fin, stdout=fout, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        for f in (fin, fout):
            if f is not captured and hasattr(f, "close"):
                f.close()
        err.seek(0)
        captured.seek(0)
        errors, out = err.read().decode(), captured.read().decode()
    if p.returncode != 0:
        sys.exit(f"whole.py: {' '.join(cmd)[:200]} failed ({p.returncode}): {errors[-500:]}")
    rss = usage.ru_maxrss
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", errors)
    if m:
        rss = int(m.group(1))
    return wall, rss, out


def run_case(cmd, repeats, stdin=None, stdout=None):
    walls, rsss, outs = [], [], []
    for _ in range(repeats):
        w, r, o = timed(cmd, stdin, stdout)
        walls.append(w)
        rsss.append(r)
        outs.append(o)
    return {"wall_seconds": walls, "max_rss_kb": rsss, "wall_median": median(walls), "rss_median_kb": median(rsss),
            "inner_seconds": [float(o.strip().splitlines()[-1]) for o in outs if o.strip()]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--blobs", required=True, help="the 1M × 8 blobs CSV (or a smaller one with --quick)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()
    reps = 1 if a.quick else a.repeats
    tmp = os.path.join(a.data, "tmp")
    os.makedirs(tmp, exist_ok=True)
    cv, py, blobs = a.cv, a.python, a.blobs
    n_rows = sum(1 for _ in open(blobs)) - 1
    d = 8
    k = 8
    init = "rows:" + ",".join(str(i) for i in range(k))
    fit = [cv, "fit", blobs, "-k", str(k), "--init", init, "--max-iter", "20", "--tol", "0", "--force"]
    results = {}

    print(f"[whole] fit → JSON ({n_rows} rows)", file=sys.stderr)
    results["fit_json"] = run_case(fit + ["--format", "json", "--output", os.path.join(tmp, "fit.json")], reps)
    results["fit_json_python"] = run_case([py, "-c", PY_FIT_JSON, blobs, os.path.join(tmp, "fit-py.json"), str(k), "20"], reps)
    print("[whole] fit → CSV", file=sys.stderr)
    results["fit_csv"] = run_case(fit + ["--output", os.path.join(tmp, "fit.csv")], reps)
    os.remove(os.path.join(tmp, "fit.csv"))

    print("[whole] membership --query - (stdin → file)", file=sys.stderr)
    model = os.path.join(tmp, "model.json")
    subprocess.run([cv, "fit", blobs, "-k", str(k), "--init", init, "--max-iter", "5", "--save-model", model,
                    "--force", "--output", "/dev/null"], check=True)
    mout = os.path.join(tmp, "membership.csv")
    results["membership_softmax"] = run_case([cv, "membership", "--model", model, "--query", "-", "--rules", "softmax"],
                                             reps, stdin=blobs, stdout=mout)
    results["membership_default"] = run_case([cv, "membership", "--model", model, "--query", "-"],
                                             reps, stdin=blobs, stdout=mout)
    os.remove(mout)

    digits = os.path.join(a.data, "digits.csv")
    if not os.path.exists(digits):
        subprocess.run([py, "-c", "import sys\nfrom sklearn.datasets import load_digits\nX, y = load_digits(return_X_y=True)\n"
                        "with open(sys.argv[1], 'w') as f:\n"
                        "    f.write(','.join(f'p{i}' for i in range(64)) + ',digit\\n')\n"
                        "    for row, t in zip(X, y): f.write(','.join(str(int(v)) for v in row) + f',d{t}\\n')\n",
                        digits], check=True)
    span = ("50", "150", "50") if a.quick else ("50", "500", "50")
    print(f"[whole] features distances on digits, -k {span[0]}:{span[1]}:{span[2]}", file=sys.stderr)
    results["features"] = run_case([cv, "features", digits, "-k", ":".join(span), "--force",
                                    "--output", os.path.join(tmp, "features.csv")], reps)
    results["features_python"] = run_case([py, "-c", PY_FEATURES, digits, "distances", *span], reps)
    if not a.quick:
        gspan = ("50", "450", "50")
        print("[whole] features proba gmm diag on digits, -k 50:450:50 (one run each)", file=sys.stderr)
        results["features_gmm"] = run_case([cv, "features", digits, "-k", ":".join(gspan), "--kind", "proba",
                                            "--method", "gmm", "--covariance", "diag", "--force",
                                            "--output", os.path.join(tmp, "features-gmm.csv")], 1)
        results["features_gmm_python"] = run_case([py, "-c", PY_FEATURES, digits, "proba", *gspan], 1)

    raw_mb = n_rows * d * 8 / 2**20
    mb = lambda kb: kb / 1024  # noqa: E731
    r = results
    py_inner = median(r["fit_json_python"]["inner_seconds"])
    rows = [
        ("fit → JSON, whole process vs in-Python pipeline (inside Python)", r["fit_json"]["wall_median"], py_inner,
         r["fit_json"]["wall_median"] / py_inner, "≤ 0.5×"),
        ("peak RSS, fit → JSON", f"{mb(r['fit_json']['rss_median_kb']):.0f} MB", f"limit {2 * raw_mb + 50:.0f} MB",
         mb(r["fit_json"]["rss_median_kb"]) / (2 * raw_mb + 50), "≤ 1 (2 × data + 50 MB)"),
        ("fit → CSV file, whole process", r["fit_csv"]["wall_median"], None, None, "≤ 2.0 s"),
        ("peak RSS, fit → CSV", f"{mb(r['fit_csv']['rss_median_kb']):.0f} MB", None, None, "≤ 300 MB"),
        ("membership --query - --rules softmax", r["membership_softmax"]["wall_median"], None, None, "≤ 2 s"),
        ("peak RSS, membership softmax", f"{mb(r['membership_softmax']['rss_median_kb']):.0f} MB", None, None, "≤ 100 MB"),
        ("membership --query - (default rules)", r["membership_default"]["wall_median"], None, None, "≤ 2 s"),
        ("peak RSS, membership default", f"{mb(r['membership_default']['rss_median_kb']):.0f} MB", None, None, "≤ 100 MB"),
        (f"features distances digits -k {':'.join(span)} vs sklearn loop", r["features"]["wall_median"],
         median(r["features_python"]["inner_seconds"]),
         r["features"]["wall_median"] / median(r["features_python"]["inner_seconds"]), "≤ 0.5×"),
    ]
    if "features_gmm" in r:
        g, gp = r["features_gmm"]["wall_median"], median(r["features_gmm_python"]["inner_seconds"])
        rows.append(("features proba gmm diag digits -k 50:450:50 vs sklearn loop", g, gp, g / gp, "(issue: 23 s vs 6.8 s)"))

    def f(x):
        if x is None:
            return ""
        if isinstance(x, str):
            return x
        return f"{x:.3g} s" if x >= 1 else f"{x * 1e3:.3g} ms"

    print()
    print(f"Whole-process cases ({n_rows:,} × {d} blobs, k = {k}; medians of {reps}; "
          f"load avg now {open('/proc/loadavg').read().split()[0]})")
    print()
    print("| case | clusterview | reference | ratio / share | target |")
    print("|---|---:|---:|---:|---|")
    for name, cvv, ref, ratio, target in rows:
        print(f"| {name} | {f(cvv)} | {f(ref)} | {'' if ratio is None else f'{ratio:.2f}'} | {target} |")
    print(f"\n(in-Python pipeline as a whole process, imports included: "
          f"{f(r['fit_json_python']['wall_median'])})")
    with open(a.out, "w") as fh:
        json.dump({"rows": n_rows, "quick": a.quick, "results": results}, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
