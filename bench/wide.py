#!/usr/bin/env python3
"""Wide-data cases of issue 16, each beside its target and its reference from the same run
(called by `bench/run` and `bench/run --wide`).

Usage: wide.py --cv BIN --data DIR --out FILE [--rounds 2] [--only CASE,...]

Inputs (generated once into DIR by bench/gen_wide.py, fixed seeds; see its docstring):
  pixels_70k_784.csv    70,000 × 784 integer pixels 0–255, 10 smooth prototype "digits" (MNIST's shape)
  embed_10k_1536.csv    10,000 × 1,536 unit-norm embeddings, 20 directions
  embed_2k_3072.csv     2,000 × 3,072 unit-norm embeddings, 10 directions
  embed_12_2000.csv     12 × 2,000 unit-norm embeddings, 3 directions
  blobs_10k_128.csv     10,000 × 128 Gaussian blobs with full covariances, 5 blobs (GMM full)

Cases (CASE names for --only):
  screen      launch → first screen (`clusterview bench FILE --explorer-live --methods kmeans`, as
              bench/explorer: from reading the file to the drawn 120×40 screen), and at 70,000 × 784
              `n` → the next k-means iteration on screen; k = 10 (k = 3 at 12 rows)
              targets: 70,000 × 784 ≤ 1.5 s, 10,000 × 1,536 and 2,000 × 3,072 ≤ 1.0 s, 12 × 2,000 ≤ 0.3 s,
              n → screen ≤ 150 ms
  memory      peak RSS of that explorer process at 70,000 × 784 (/usr/bin/time -v, else wait4) and of
              `render FILE -k 10` (whole process): target ≤ the Float64 matrix + 150 MB
  projection  the projection alone at 70,000 × 784 against scikit-learn's `PCA(2).fit_transform`
              (≤ 0.5×). clusterview's figure is the first `*_seconds` key of `clusterview bench`
              whose name has "projection" or "pca" in it (`--methods pca --iterations 3`: the h-pca branch times `PCA(fitting:)` as `pca_seconds`); when bench
              has none, the row says so and only scikit-learn's time is given.
  iterations  per iteration, the same method as bench/run's main table: clusterview `bench` times
              `step()`; scikit-learn's k-means figure is the marginal cost (Theil–Sen slope of fit
              time on n_iter_), its GMM figure (T(12) − T(2)) / 10 from clusterview's start
              parameters (reference.py). k-means at 70,000 × 784 k = 10 (≤ 0.8×), GMM diag there
              (≤ 0.5×), GMM full at 10,000 × 128 k = 5 (≤ 1.0×).
  edges       1 row × 10,000, 10 rows × 50,000 and a 200 MB single-row file (14 million fields, header
              and one row): `fit`, `features`, `membership --row 0` and `render` each once, under
              `timeout 120`; wall time, peak RSS and the exit status or first stderr line
              (target: a result or one clear line within seconds, no memory blow-up)
Rounds: each case runs clusterview then the reference, --rounds times; medians over all samples.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from stats import median, slope  # bench/stats.py
from whole import timed           # bench/whole.py: (wall, peak RSS KB, stdout) of one process

HERE = os.path.dirname(os.path.abspath(__file__))

# name, kind, n, d, generator k, seed, clustering k
INPUTS = {
    "pixels_70k_784": ("pixels", 70000, 784, 10, 16, 10),
    "embed_10k_1536": ("embeddings", 10000, 1536, 20, 17, 10),
    "embed_2k_3072": ("embeddings", 2000, 3072, 10, 18, 10),
    "embed_12_2000": ("embeddings", 12, 2000, 3, 19, 3),
    "blobs_10k_128": ("blobs", 10000, 128, 5, 20, 5),
}
SCREEN_TARGETS = {"pixels_70k_784": 1.5, "embed_10k_1536": 1.0, "embed_2k_3072": 1.0, "embed_12_2000": 0.3}


def path(a, name):
    kind, n, d, gk, seed, _ = INPUTS[name]
    p = os.path.join(a.data, name + ".csv")
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        print(f"[wide] generating {p} ({n} × {d} {kind})", file=sys.stderr)
        subprocess.run([a.python, os.path.join(HERE, "gen_wide.py"), kind, "--n", str(n), "--d", str(d), "--k", str(gk),
                        "--seed", str(seed), "--out", p + ".tmp"], check=True)
        os.replace(p + ".tmp", p)
    return p


def init_rows(n, k):
    """k file rows spread through the file (0, n/k, 2n/k, ...), as bench/run."""
    return ",".join(str(j * (n // k)) for j in range(k))


def cv_json(a, args):
    wall, rss, out = timed([a.cv, "bench", *args])
    return json.loads(out), rss


def screen(a, res):
    for name, target in SCREEN_TARGETS.items():
        file, k = path(a, name), INPUTS[name][5]
        firsts, steps, rss = [], [], []
        for r in range(a.rounds):
            print(f"[wide] {name}: launch → first screen, round {r + 1}", file=sys.stderr)
            j, kb = cv_json(a, [file, "-k", str(k), "--explorer-live", "--methods", "kmeans", "--repeat", "1"])
            firsts += j["explorer_kmeans_first_screen_seconds"]
            steps += j["explorer_kmeans_step_to_screen_seconds"]
            rss.append(kb)
        res[f"{name}_first_screen_seconds"] = firsts
        res[f"{name}_step_to_screen_seconds"] = steps
        res[f"{name}_explorer_max_rss_kb"] = rss


def memory(a, res):
    file = path(a, "pixels_70k_784")
    rss = []
    for r in range(a.rounds):
        print(f"[wide] pixels_70k_784: peak RSS of render -k 10, round {r + 1}", file=sys.stderr)
        _, kb, _ = timed([a.cv, "render", file, "-k", "10", "--size", "120x40"])
        rss.append(kb)
    res["pixels_70k_784_render_max_rss_kb"] = rss


def projection(a, res):
    file = path(a, "pixels_70k_784")
    cv, sk = [], []
    key = None
    for r in range(a.rounds):
        print(f"[wide] pixels_70k_784: projection, round {r + 1}", file=sys.stderr)
        j, _ = cv_json(a, [file, "-k", "10", "--methods", "pca", "--repeat", "1", "--iterations", "3"])
        keys = [x for x in j if x.endswith("_seconds") and ("projection" in x or "pca" in x)]
        if keys:
            key = keys[0]
            cv += j[key] if isinstance(j[key], list) else [j[key]]
        ref = subprocess.run([a.python, os.path.join(HERE, "reference.py"), "pca", file, "--repeats", "3"],
                             check=True, capture_output=True, text=True)
        sk += json.loads(ref.stdout)["pca2_seconds"]
    res["projection_key"] = key
    res["projection_seconds"] = cv
    res["sklearn_pca2_seconds"] = sk


def iterations(a, res):
    cases = [("kmeans", "pixels_70k_784", "full"), ("gmm_diag", "pixels_70k_784", "diag"),
             ("gmm_full", "blobs_10k_128", "full")]
    for case, name, cov in cases:
        if a.only_iter and case not in a.only_iter:
            continue
        _, n, _, _, _, k = INPUTS[name]
        file, rows = path(a, name), init_rows(n, k)
        method = "kmeans" if case == "kmeans" else "gmm"
        cv, sk, sk_fits = [], [], []
        for r in range(a.rounds):
            print(f"[wide] {name}: {case} per iteration, round {r + 1}: clusterview", file=sys.stderr)
            j, _ = cv_json(a, [file, "-k", str(k), "--init", "rows:" + rows, "--iterations", "12", "--repeat", "1",
                               "--methods", method, "--covariance", cov])
            cv += j[f"{method}_iteration_seconds"]
            print(f"[wide] {name}: {case} per iteration, round {r + 1}: scikit-learn", file=sys.stderr)
            ref = [a.python, os.path.join(HERE, "reference.py"), "measure", file, "--k", str(k), "--init-rows", rows,
                   "--load-repeats", "1", "--repeats", "2", "--covariance", cov]
            ref += ["--no-gmm", "--kmeans-iters", "3,6,9,12"] if method == "kmeans" else ["--no-kmeans"]
            s = json.loads(subprocess.run(ref, check=True, capture_output=True, text=True).stdout)
            if method == "kmeans":
                sk_fits += s["kmeans_fits"]
            else:
                sk += s["gmm_iteration_seconds"]
        if method == "kmeans":
            sk = [slope([f["n_iter"] for f in sk_fits], [f["seconds"] for f in sk_fits])]
            res[f"{case}_sklearn_fits"] = sk_fits
        res[f"{case}_iteration_seconds"] = cv
        res[f"{case}_sklearn_iteration_seconds"] = sk


def edges(a, res):
    files = {}
    for name, n, d in (("edge_1x10000", 1, 10000), ("edge_10x50000", 10, 50000)):
        p = os.path.join(a.data, name + ".csv")
        if not os.path.exists(p):
            import numpy as np  # only to write the edge files
            rng = np.random.default_rng(d)
            with open(p + ".tmp", "w") as f:
                f.write(",".join(f"c{j}" for j in range(d)) + "\n")
                for _ in range(n):
                    f.write(",".join(np.char.mod("%.4f", rng.standard_normal(d))) + "\n")
            os.replace(p + ".tmp", p)
        files[name] = (p, 1 if n == 1 else 3)
    p = os.path.join(a.data, "edge_single_row_200mb.csv")
    if not os.path.exists(p):
        d = 14_000_000
        with open(p + ".tmp", "w") as f:
            f.write(",".join(f"x{j}" for j in range(d)) + "\n")
            f.write(",".join(["1.25", "-0.5", "3", "0.125"] * (d // 4)) + "\n")
        os.replace(p + ".tmp", p)
    files["edge_single_row_200mb"] = (p, 1)
    out = []
    for name, (p, k) in files.items():
        for cmd in (["fit", p, "-k", str(k), "--format", "json", "--output", "/dev/null", "--force"],
                    ["features", p, "-k", str(k), "--output", "/dev/null", "--force"],
                    ["membership", p, "-k", str(k), "--row", "0"],
                    ["render", p, "-k", str(k), "--size", "80x24"]):
            print(f"[wide] edge {name}: {cmd[0]}", file=sys.stderr)
            # Peak RSS from /usr/bin/time -o: wait4's ru_maxrss of a child forked from this (large,
            # after writing the 200 MB file) interpreter starts at the interpreter's own size.
            with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
                t0 = time.perf_counter()
                timed = ["/usr/bin/time", "-o", rss.name, "-f", "%M"] if os.path.exists("/usr/bin/time") else []
                proc = subprocess.Popen([*timed, "/usr/bin/timeout", "120", a.cv, *cmd], stdout=subprocess.DEVNULL, stderr=err)
                _, status, usage = os.wait4(proc.pid, 0)
                wall = time.perf_counter() - t0
                err.seek(0)
                lines = [l for l in err.read().decode(errors="replace").strip().splitlines()
                         if not l.startswith("Command exited with non-zero status")]
                first = (lines or [""])[0]
                peak = rss.read().split()
                max_rss_kb = int(peak[-1]) if peak and peak[-1].isdigit() else usage.ru_maxrss
            out.append({"file": name, "command": cmd[0], "status": os.waitstatus_to_exitcode(status), "wall_seconds": wall,
                        "max_rss_kb": max_rss_kb, "stderr": first[:200]})
    res["edges"] = out


def fmt(x):
    if x is None:
        return "n/a"
    return f"{x:.3g} s" if x >= 1 else f"{x * 1e3:.3g} ms"


def table(res, rounds):
    rows = []  # case, clusterview, reference, ratio, target, met
    for name, target in SCREEN_TARGETS.items():
        v = median(res.get(f"{name}_first_screen_seconds", []))
        if v is not None:
            n, d = INPUTS[name][1:3]
            rows.append((f"launch → first screen, {n:,} × {d:,}", fmt(v), "", "", f"≤ {target} s", v <= target))
    v = median(res.get("pixels_70k_784_step_to_screen_seconds", []))
    if v is not None:
        rows.append(("n → next k-means iteration on screen, 70,000 × 784 k = 10", fmt(v), "", "", "≤ 150 ms", v <= 0.15))
    limit = 70000 * 784 * 8 / 1e6 + 150
    for key, what in (("pixels_70k_784_explorer_max_rss_kb", "peak RSS, explorer (bench --explorer-live)"),
                      ("pixels_70k_784_render_max_rss_kb", "peak RSS, render -k 10")):
        v = median(res.get(key, []))
        if v is not None:
            mb = v * 1024 / 1e6
            rows.append((f"{what}, 70,000 × 784", f"{mb:.0f} MB", f"limit {limit:.0f} MB", f"{mb / limit:.2f}",
                         "≤ 439 MB + 150 MB", mb <= limit))
    if "sklearn_pca2_seconds" in res:
        cv, sk = median(res["projection_seconds"]), median(res["sklearn_pca2_seconds"])
        rows.append(("projection alone, 70,000 × 784 vs PCA(2).fit_transform",
                     fmt(cv) if cv is not None else "n/a (no projection timing in `clusterview bench`)", fmt(sk),
                     f"{cv / sk:.2f}" if cv is not None else "", "≤ 0.5×", cv is not None and cv / sk <= 0.5))
    for case, what, target in (("kmeans", "k-means / iter (marginal), 70,000 × 784 k = 10", 0.8),
                               ("gmm_diag", "GMM diag / iter, 70,000 × 784 k = 10", 0.5),
                               ("gmm_full", "GMM full / iter, 10,000 × 128 k = 5", 1.0)):
        if f"{case}_iteration_seconds" in res:
            cv, sk = median(res[f"{case}_iteration_seconds"]), median(res[f"{case}_sklearn_iteration_seconds"])
            rows.append((what, fmt(cv), fmt(sk), f"{cv / sk:.2f}", f"≤ {target}×", cv / sk <= target))
    for e in res.get("edges", []):
        ok = e["status"] in (0, 1) and e["wall_seconds"] < 10
        verdict = "result" if e["status"] == 0 else ("timed out" if e["status"] == 124 else f"exit {e['status']}: {e['stderr']}")
        rows.append((f"edge {e['file']}: {e['command']}", f"{fmt(e['wall_seconds'])}, {e['max_rss_kb'] / 1024:.0f} MB", "",
                     "", f"seconds, no blow-up ({verdict})", ok))
    print()
    print(f"Wide cases (issue 16; medians of {rounds} round(s); load avg now {open('/proc/loadavg').read().split()[0]})")
    print()
    print("| case | clusterview | reference | ratio | target | met |")
    print("|---|---:|---:|---:|---|---|")
    for case, cv, ref, ratio, target, met in rows:
        print(f"| {case} | {cv} | {ref} | {ratio} | {target} | {'yes' if met else 'NO'} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--only", default="screen,memory,projection,iterations,edges",
                    help="cases to run, comma-separated (iterations:kmeans,… picks iteration cases)")
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()
    only = a.only.split(",")
    a.only_iter = [c.split(":", 1)[1] for c in only if c.startswith("iterations:")]
    os.makedirs(a.data, exist_ok=True)
    res = {}
    for case, fn in (("screen", screen), ("memory", memory), ("projection", projection), ("iterations", iterations),
                     ("edges", edges)):
        if case in only or (case == "iterations" and a.only_iter):
            fn(a, res)
    table(res, a.rounds)
    with open(a.out, "w") as fh:
        json.dump({"rounds": a.rounds, "results": res}, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
