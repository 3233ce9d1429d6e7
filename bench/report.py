#!/usr/bin/env python3
"""Combine bench/run's raw JSON into a table (stdout) and bench/results/latest.json.

Usage: report.py --raw bench/results/raw --out bench/results/latest.json INPUT_NAME...

Every figure is a median over all samples of all rounds; ratio = clusterview / scikit-learn
(below 1: clusterview faster or smaller).
"""
import argparse
import glob
import json
import os
import sys

from stats import median, slope  # bench/stats.py, beside this script


def load(pattern):
    out = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            out.append(json.load(f))
    return out


def entry(cv_samples, sk_samples, sk_median=None, note=None):
    cv = median(cv_samples)
    sk = sk_median if sk_median is not None else median(sk_samples)
    e = {
        "clusterview": {"median": cv, "samples": cv_samples},
        "sklearn": {"median": sk, "samples": sk_samples},
        "ratio": (cv / sk) if cv is not None and sk else None,
    }
    if note:
        e["note"] = note
    return e


def summarize(raw, name):
    cvs = load(os.path.join(raw, f"{name}.cv.*.json"))
    sks = load(os.path.join(raw, f"{name}.sk.*.json"))
    if not cvs or not sks:
        sys.exit(f"report.py: no raw results for {name} in {raw}")
    shape = {(c["rows"], c["columns"], c["k"]) for c in cvs} | {(s["rows"], s["columns"], s["k"]) for s in sks}
    if len(shape) != 1:
        sys.exit(f"report.py: {name}: the tools disagree on the data shape: {sorted(shape)}")
    rows, columns, k = shape.pop()
    # A k-means-only input (bench/run's 100k × 64) has no GMM samples: its row reads n/a.
    cat = lambda runs, key: [x for r in runs for x in r.get(key, [])]  # noqa: E731

    fits = [f for s in sks for f in s["kmeans_fits"]]
    counts = sorted({f["n_iter"] for f in fits})
    marginal = slope([f["n_iter"] for f in fits], [f["seconds"] for f in fits])
    top = max(counts)
    over = [f["seconds"] / f["n_iter"] for f in fits if f["n_iter"] == top]
    measures = {
        "load_seconds": entry(cat(cvs, "load_seconds"), cat(sks, "load_seconds"),
                              note="clusterview: read + parse + label interning; pandas.read_csv (all columns)"),
        "kmeans_iteration_seconds_marginal": entry(
            cat(cvs, "kmeans_iteration_seconds"), [f["seconds"] for f in fits], sk_median=marginal,
            note=f"scikit-learn: Theil-Sen slope of fit time vs n_iter_ (n_iter_ in {counts}) over all fits "
                 "(fixed per-fit cost removed); its samples are the raw fit times"),
        "kmeans_iteration_seconds_fit_over_n_iter": entry(
            cat(cvs, "kmeans_iteration_seconds"), over,
            note=f"scikit-learn: fit time / n_iter_ at n_iter_ = {top} (includes per-fit fixed cost)"),
        "gmm_full_iteration_seconds": entry(
            cat(cvs, "gmm_iteration_seconds"), cat(sks, "gmm_iteration_seconds"),
            note=("scikit-learn: (T(max_iter=%d) - T(max_iter=%d)) / %d per repeat, init given"
                  % (sks[0]["gmm_iters"][1], sks[0]["gmm_iters"][0], sks[0]["gmm_iters"][1] - sks[0]["gmm_iters"][0]))
            if "gmm_iters" in sks[0] else "not measured on this input (k-means only)"),
    }
    return {"rows": rows, "columns": columns, "k": k, "init_rows": sks[0]["init_rows"],
            "rounds": len(cvs), "kmeans_n_iter_counts": counts, "measures": measures}, sks[0]["env"]


def fmt_time(s):
    if s is None:
        return "n/a"
    if s >= 1:
        return f"{s:.3g} s"
    return f"{s * 1e3:.3g} ms"


def fmt_ratio(r):
    return "n/a" if r is None else f"{r:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("inputs", nargs="+")
    a = ap.parse_args()

    with open(os.path.join(a.raw, "meta.json")) as f:
        meta = json.load(f)
    with open("/proc/loadavg") as f:
        meta["loadavg_end"] = " ".join(f.read().split()[:3])
    inputs, env = {}, None
    for name in a.inputs:
        inputs[name], env = summarize(a.raw, name)
    mem_path = os.path.join(a.raw, "memory.json")
    memory = None
    if os.path.exists(mem_path):
        with open(mem_path) as f:
            memory = json.load(f)
        memory["ratio"] = memory["clusterview_max_rss_kb"] / memory["pandas_max_rss_kb"]
        memory["ratio_vs_pandas_minus_import"] = memory["clusterview_max_rss_kb"] / max(
            1, memory["pandas_max_rss_kb"] - memory["python_pandas_import_max_rss_kb"])

    out = {"machine": meta, "sklearn_env": env, "inputs": inputs, "memory": memory}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")

    labels = {
        "load_seconds": "load (read_csv; target ≤ 0.6)",
        "kmeans_iteration_seconds_marginal": "k-means / iter (marginal; target ≤ 0.8)",
        "kmeans_iteration_seconds_fit_over_n_iter": "k-means / iter (fit/n_iter_)",
        "gmm_full_iteration_seconds": "GMM full / iter",
    }
    lines = ["| input | measure | clusterview | scikit-learn | ratio cv/sk |",
             "|---|---|---:|---:|---:|"]
    for name, r in inputs.items():
        tag = f"{r['rows'] // 1000}k × {r['columns']}, k={r['k']}"
        if r["rows"] >= 1_000_000:
            tag = f"{r['rows'] / 1e6:g}M × {r['columns']}, k={r['k']}"
        for key, label in labels.items():
            m = r["measures"][key]
            if m["clusterview"]["median"] is None and m["sklearn"]["median"] is None:
                continue
            lines.append(f"| {tag} | {label} | {fmt_time(m['clusterview']['median'])} | "
                         f"{fmt_time(m['sklearn']['median'])} | {fmt_ratio(m['ratio'])} |")
    if memory:
        mb = lambda kb: f"{kb / 1024:.0f} MB"  # noqa: E731
        lines.append(f"| {memory['input']} | peak RSS, one load | {mb(memory['clusterview_max_rss_kb'])} | "
                     f"{mb(memory['pandas_max_rss_kb'])} (import alone: "
                     f"{mb(memory['python_pandas_import_max_rss_kb'])}) | {fmt_ratio(memory['ratio'])} "
                     f"({fmt_ratio(memory['ratio_vs_pandas_minus_import'])} vs pandas minus import) |")
    pools = ", ".join(f"{p['internal_api']}×{p['num_threads']}" for p in (env or {}).get("threadpools", []))
    print()
    print(f"{meta['date']}  nproc={meta['nproc']}  cpu={meta['cpu_model']}  commit={meta['commit']}  "
          f"load avg {meta['loadavg_start']} -> {meta['loadavg_end']}")
    print(f"scikit-learn {env['sklearn']}, numpy {env['numpy']}, pandas {env['pandas']}; "
          f"os.cpu_count()={env['cpu_count']}; thread pools: {pools}")
    print()
    print("\n".join(lines))
    # The explorer's key-to-screen time (update + render at 120×40) for keys that do not refit;
    # no scikit-learn counterpart: the budget is one 60 Hz frame, 16 ms.
    for name in inputs:
        cvs = load(os.path.join(a.raw, f"{name}.cv.*.json"))
        keys = sorted({k for c in cvs for k in c if k.startswith("explorer_")})
        if keys:
            parts = [f"{k[len('explorer_'):-len('_seconds')]} {fmt_time(median([x for c in cvs for x in c[k]]))}"
                     for k in keys]
            print(f"explorer key → screen, {name} (budget 16 ms): " + ", ".join(parts))
    print()
    print(f"medians; ratio < 1: clusterview faster/smaller. Full results: {a.out}")


if __name__ == "__main__":
    main()
