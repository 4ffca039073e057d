"""Time-series reference fixtures from pymbar 3.1 (Debian python3-pymbar) for the Java Timeseries tests.

Writes data/mbar/timeseries/series.npy (S x N float64: one correlated series per row) and reference.json with, for
each series, pymbar.timeseries' statisticalInefficiency (fast=False and fast=True; the cross inefficiency of rows
0 and 2), detectEquilibration (fast=True, nskip 1 and 10) and subsampleCorrelatedData (standard and conservative,
and with g = 2.5, where Python rounds halves to even).

pymbar's detectEquilibration counts T - t + 1 samples after a start t of a T-sample series; boltzflow counts the
T - t that are there. The script checks that both counts choose the same start on these series and stores, beside
pymbar's, the effective sample count (T - t) / g.

Series: AR(1) processes x_t = a x_(t-1) + e_t (a = 0.9 and 0.5, N = 5,000, seeds 1 and 2), the first with an
exponentially decaying offset 8 exp(-t / 150) added (an equilibration transient), and a series of 300 points.

Run from the repository root:  /usr/bin/python3 data/scripts/timeseries_reference.py
"""
import json
import os

import numpy as np
from pymbar import timeseries

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "data", "mbar", "timeseries")


def ar1(a, n, seed):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = e[0] / np.sqrt(1 - a * a)
    for t in range(1, n):
        x[t] = a * x[t - 1] + e[t]
    return x


def equilibration(x, nskip):
    t, g, neff = timeseries.detectEquilibration(x, fast=True, nskip=nskip)
    T = x.size
    # the start that the count T - t chooses
    counts = []
    for s in range(0, T - 1, nskip):
        counts.append((T - s) / np.float32(timeseries.statisticalInefficiency(x[s:], fast=True)))
    exact = int(np.argmax(counts)) * nskip
    assert exact == t, (exact, t)
    return {"start": int(t), "g": float(g), "n_eff_pymbar": float(neff), "n_eff": float((T - t) / g)}


def main():
    n = 5000
    transient = ar1(0.9, n, 1) + 8.0 * np.exp(-np.arange(n) / 150.0)
    rows = [ar1(0.9, n, 1), ar1(0.5, n, 2), transient, np.concatenate([ar1(0.8, 300, 3), np.zeros(n - 300)])]
    lengths = [n, n, n, 300]
    series = np.array(rows)
    os.makedirs(OUT, exist_ok=True)
    np.save(os.path.join(OUT, "series.npy"), series)
    ref = {"lengths": lengths, "series": []}
    for row, length in zip(rows, lengths):
        x = row[:length]
        g = timeseries.statisticalInefficiency(x)
        ref["series"].append({
            "g": g,
            "g_fast": timeseries.statisticalInefficiency(x, fast=True),
            "equilibration": equilibration(x, 1),
            "equilibration_nskip10": equilibration(x, 10),
            "subsample": [int(i) for i in timeseries.subsampleCorrelatedData(x, g=g)],
            "subsample_conservative": [int(i) for i in timeseries.subsampleCorrelatedData(x, g=g, conservative=True)],
        })
    ref["g_cross_02"] = timeseries.statisticalInefficiency(rows[0], rows[2])
    ref["subsample_g2.5_n20"] = [int(i) for i in timeseries.subsampleCorrelatedData(np.arange(20.0), g=2.5)]
    ref["pymbar"] = "pymbar 3.1, timeseries module, default mintime 3"
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)


if __name__ == "__main__":
    main()
