#!/usr/bin/env python3
"""Checks `clusterview fit` against scikit-learn on random data it has never seen.

For six random shapes (80-600 rows, 2-6 features, k = 2-5, scales and offsets per feature,
quoted headers with spaces), raw and standardised, with a random `rows:` init: k-means and the
Gaussian mixture of every covariance type must give scikit-learn's labels and n_iter exactly and
its centroids, means, covariances and lower bound to 1e-6 relative. Prints the worst relative
error and any disagreement.

    python3 scripts/compare-with-sklearn.py [SEED] [PATH/TO/clusterview]
"""
import json, os, subprocess, sys, tempfile, warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler
warnings.simplefilter("ignore")
B=os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/release/clusterview")
os.chdir(tempfile.mkdtemp(prefix="clusterview-compare-"))
rng=np.random.default_rng(int(sys.argv[1]) if len(sys.argv)>1 else 3)
worst=0; bad=[]
for trial in range(6):
    n=int(rng.integers(80,600)); d=int(rng.integers(2,7)); k=int(rng.integers(2,6))
    centers=rng.normal(0,4,(k,d)); X=np.vstack([rng.normal(centers[i%k], rng.uniform(0.5,2),(1,d)) for i in range(n)])*rng.uniform(0.1,100,d)+rng.uniform(-50,50,d)
    names=[f"feat {j} (u)" for j in range(d)]
    with open("d.csv","w") as f:
        f.write(",".join(f'"{c}"' for c in names)+",label\n")
        for i,row in enumerate(X): f.write(",".join(repr(float(v)) for v in row)+f",c{i%3}\n")
    X=np.array([[float(repr(float(v))) for v in row] for row in X])
    rows=sorted(rng.choice(n,k,replace=False).tolist())
    for std in (False,True):
        Z=StandardScaler().fit_transform(X) if std else X
        args=[B,"fit","d.csv","-k",str(k),"--init","rows:"+",".join(map(str,rows)),"--format","json"]+(["--standardize"] if std else [])
        out=json.loads(subprocess.run(args,capture_output=True,text=True,check=True).stdout)
        km=KMeans(k,init=Z[rows],n_init=1,max_iter=300,tol=1e-4).fit(Z)
        ok=(out["labels"]==km.labels_.tolist() and out["n_iter"]==km.n_iter_)
        e=np.max(np.abs(np.array(out["centroids"])-km.cluster_centers_)/np.maximum(np.abs(km.cluster_centers_),1e-9*np.abs(km.cluster_centers_).max()))
        worst=max(worst,e)
        if not ok or e>1e-6: bad.append(("kmeans",trial,std,out["n_iter"],km.n_iter_,e))
        for cov in ["full","tied","diag","spherical"]:
            out=json.loads(subprocess.run(args+["--method","gmm","--covariance",cov],capture_output=True,text=True).stdout or "{}")
            class G(GaussianMixture):
                def _initialize_parameters(self, X, random_state, xp=None):
                    lab=KMeans(k,init=X[rows],n_init=1,max_iter=300,tol=1e-4).fit(X).labels_
                    resp=np.zeros((len(X),k)); resp[np.arange(len(X)),lab]=1; self._initialize(X,resp)
            try:
                g=G(k,covariance_type=cov,tol=1e-3,reg_covar=1e-6,max_iter=100).fit(Z)
            except Exception as ex:
                if out: bad.append(("sk failed but cv ok",cov,trial,std,str(ex)[:60]))
                continue
            if not out: bad.append(("cv failed",cov,trial,std)); continue
            ok=(out["labels"]==g.predict(Z).tolist() and out["n_iter"]==g.n_iter_)
            e1=np.max(np.abs(np.array(out["centroids"])-g.means_)/np.maximum(np.abs(g.means_),1e-9*np.abs(g.means_).max()))
            cv=np.array(out["covariances"]); sc=g.covariances_
            e2=np.max(np.abs(cv-sc)/np.maximum(np.abs(sc),1e-9*np.abs(sc).max()))
            e3=abs(out["lower_bound"]-g.lower_bound_)/abs(g.lower_bound_)
            e=max(e1,e2,e3); worst=max(worst,e)
            if not ok or e>1e-6: bad.append(("gmm",cov,trial,std,out["n_iter"],g.n_iter_,e))
print("worst rel err",worst); print("bad",bad)
