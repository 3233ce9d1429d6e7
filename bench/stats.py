"""Robust summaries shared by reference.py and report.py."""


def median(xs):
    s = sorted(xs)
    n = len(s)
    if n == 0:
        return None
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def slope(xs, ys):
    """Theil–Sen slope of ys on xs: the median of the slopes between all pairs of points with
    different x. Robust to a few slow outliers (a shared machine has them); None without spread."""
    pairs = [(ys[j] - ys[i]) / (xs[j] - xs[i])
             for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[j] != xs[i]]
    return median(pairs)
