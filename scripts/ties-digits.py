#!/usr/bin/env python3
"""Where clusterview and scikit-learn part on digits (integer pixels, near and exact ties).

For k = 50 … 450 it starts clusterview (`fit --init rows:`) and two NumPy Lloyd loops from
scikit-learn's own k-means++ rows, and compares the final centroids with KMeans(random_state=0,
n_init=1): "direct" computes Σ(x − c)² (clusterview's arithmetic, ties to the lowest index),
"expanded" computes ‖c‖² − 2x·c on centred X (scikit-learn's). Usage:

    scripts/ties-digits.py .build/release/clusterview

Run on 2026-11-27 with scikit-learn 1.9.1, NumPy 2.4.6: clusterview equals the direct loop at all
9 k; scikit-learn equals the expanded loop at 6 of 9 (not at 200, 400, 450, where its blocked BLAS
summation order decides); clusterview equals scikit-learn at 1 of 9 (k = 100).
"""
import json, subprocess, sys, numpy as np
from sklearn.datasets import load_digits
from sklearn.cluster import KMeans, kmeans_plusplus
X, y = load_digits(return_X_y=True)
X = X.astype(np.float64)
cv = sys.argv[1]
tolv = 1e-4 * np.mean(np.var(X, axis=0))

def lloyd(X, C, form, max_iter=300):
    labels_old = None
    for it in range(1, max_iter + 1):
        if form == "direct":
            D = ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)
        else:  # sklearn's: ||c||^2 - 2 x.c on centred data (||x||^2 dropped)
            D = (C ** 2).sum(1)[None, :] - 2.0 * (X @ C.T)
        lab = D.argmin(1)
        Cn = np.array([X[lab == j].mean(0) if np.any(lab == j) else C[j] for j in range(len(C))])
        shift = ((Cn - C) ** 2).sum()
        C = Cn
        if labels_old is not None and np.array_equal(lab, labels_old):
            break
        labels_old = lab
        if shift <= tolv:
            break
    return lab, C

rows = []
for k in [50, 100, 150, 200, 250, 300, 350, 400, 450]:
    km = KMeans(n_clusters=k, random_state=0, n_init=1).fit(X)
    Xc = X - X.mean(0)
    _, idx = kmeans_plusplus(Xc, k, random_state=np.random.RandomState(0))
    out = subprocess.run([cv, "fit", "-", "--init", "rows:" + ",".join(map(str, idx)), "-k", str(k), "--format", "json"],
                         input="\n".join([",".join(f"p{i}" for i in range(64))] + [",".join(str(int(v)) for v in r) for r in X]) + "\n",
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr); sys.exit(1)
    j = json.loads(out.stdout)
    cvC = np.array(j["centroids"])
    labD, CD = lloyd(X, X[idx].copy(), "direct")
    labE, CE = lloyd(Xc, Xc[idx].copy(), "expanded"); CE = CE + X.mean(0)
    skC = km.cluster_centers_
    def same(A, B):
        return np.allclose(np.sort(A, axis=0), np.sort(B, axis=0), atol=1e-9) and np.max(np.abs(A - B)) < 1e-9
    # init identical? sklearn's init rows = idx if kmeans_plusplus reproduces KMeans' draw
    print(k, "cv==direct-numpy", np.max(np.abs(cvC - CD)) < 1e-9,
          "sk==expanded-numpy", np.max(np.abs(skC - CE)) < 1e-9,
          "cv==sk", np.max(np.abs(cvC - skC)) < 1e-9,
          "max|cv-sk|", round(float(np.max(np.abs(cvC - skC))), 3), flush=True)
