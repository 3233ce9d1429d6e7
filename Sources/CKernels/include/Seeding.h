#ifndef CLUSTERVIEW_SEEDING_H
#define CLUSTERVIEW_SEEDING_H

/// Whether this CPU runs `cv_pair_distances_avx2` (checked by the caller once).
int cv_seeding_has_avx2(void);

/// Squared distances of rows `lo..<hi` of `x` (row-major, `d` columns) to `padded` points stored
/// transposed in `pt` (`d` × `padded`, point t's feature f at `pt[f * padded + t]`; `padded` a
/// multiple of 8). Writes `out[(i − lo) * padded + t]`.
///
/// Same bits as the Swift `squaredDistance(_:_:_:)`: per point, the even features' (x_f − c_f)²
/// summed in order into one sum, the odd features' into another (a last odd-numbered feature goes
/// to the even sum), then even + odd; separate multiply and add, no FMA.
void cv_pair_distances_avx2(const double *x, long lo, long hi, long d, const double *pt, long padded,
                            double *out);

/// The same for two rows anywhere (`r1` may equal `r0`): `o0[t]`, `o1[t]` for t < `padded`.
void cv_two_rows_distances_avx2(const double *r0, const double *r1, long d, const double *pt, long padded,
                                double *o0, double *o1);

#endif
