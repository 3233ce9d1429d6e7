#ifndef CLUSTERVIEW_SEEDING_H
#define CLUSTERVIEW_SEEDING_H

/// Squared distances of rows `lo..<hi` of `x` (row-major, `d` columns) to `padded` points stored
/// transposed in `pt` (`d` × `padded`, point t's feature f at `pt[f * padded + t]`; `padded` a
/// multiple of 8). Writes `out[(i − lo) * out_stride + t]` for t < `padded` (`out_stride` ≥ `padded`).
///
/// Same bits as the Swift `squaredDistance(_:_:_:)`: per point, the even features' (x_f − c_f)²
/// summed in order into one sum, the odd features' into another (a last odd-numbered feature goes
/// to the even sum), then even + odd; separate multiply and add, no FMA.
void cv_pair_distances_avx2(const double *x, long lo, long hi, long d, const double *pt, long padded,
                            double *out, long out_stride);

/// The same for two rows anywhere (`r1` may equal `r0`): `o0[t]`, `o1[t]` for t < `padded`.
void cv_two_rows_distances_avx2(const double *r0, const double *r1, long d, const double *pt, long padded,
                                double *o0, double *o1);

/// One k-means++ step's potentials for rows `lo..<hi`: `out[i * padded + t]` = min(closest[i],
/// ‖x_i − candidate t‖²) for t < `trials` (the comparison `closest < d ? closest : d`, so a NaN
/// distance is kept), distances from `cv_two_rows_distances_avx2`'s arithmetic. With `prune`, a
/// row whose closest c is 0 or in [1e−290, 1e300] and whose nearest centroid a has
/// `between[a * padded + t] ≥ c · factor` for every t < `trials` gets c everywhere without any
/// distance computed (see `Initialization.kMeansPlusPlusIndices` for why that is exact).
/// `pt`: the candidates transposed as for `cv_pair_distances_avx2`. Lanes t ≥ `trials` of `out`
/// are written but mean nothing.
void cv_seed_potentials_avx2(const double *x, long lo, long hi, long d, const double *pt, long padded, long trials,
                             const double *closest, const int *nearest, const double *between, double factor,
                             int prune, double *out);

/// `sums[t] += p[i * padded + t]` for i = 0..<n in row order (as a scalar loop would), for
/// t < `padded`: the running sums continue.
void cv_column_sums_avx2(const double *p, long n, long padded, double *sums);

#endif
