"""BAR reference fixtures from pymbar 3.1 (Debian python3-pymbar) for the Java BAR test.

Writes data/mbar/bar/<case>_w_f.npy and <case>_w_r.npy (reduced works, float64) and data/mbar/bar/reference.json:
pymbar's BAR(w_F, w_R) DeltaF and dDeltaF (its default 'BAR' uncertainty) per case, and the closed-form DeltaF.
A case is two 1D harmonic states, u_A(x) = (x - a)^2 / (2 s_A^2) and u_B(x) = (x - b)^2 / (2 s_B^2) + c, sampled
exactly: w_F = u_B - u_A on samples of A, w_R = u_A - u_B on samples of B, DeltaF = f_B - f_A = c - log(s_B / s_A).

Run from the repository root:  /usr/bin/python3 data/scripts/bar_reference.py
"""
import json
import os

import numpy as np
from pymbar import BAR

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "data", "mbar", "bar")

# name: (a, s_A, n_A, b, s_B, n_B, c)
CASES = {
    "overlapping": (0.0, 1.0, 500, 0.8, 1.3, 700, 2.5),
    "distant": (0.0, 0.5, 2000, 2.5, 0.4, 300, -1.0),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2026)
    reference = {"pymbar": "3.1", "cases": {}}
    for name, (a, s_a, n_a, b, s_b, n_b, c) in CASES.items():
        def u_a(x):
            return (x - a) ** 2 / (2 * s_a ** 2)

        def u_b(x):
            return (x - b) ** 2 / (2 * s_b ** 2) + c

        x_a = rng.normal(a, s_a, n_a)
        x_b = rng.normal(b, s_b, n_b)
        w_f = u_b(x_a) - u_a(x_a)
        w_r = u_a(x_b) - u_b(x_b)
        np.save(os.path.join(OUT, name + "_w_f.npy"), w_f.astype(np.float64))
        np.save(os.path.join(OUT, name + "_w_r.npy"), w_r.astype(np.float64))
        delta_f, d_delta_f = BAR(w_f, w_r, compute_uncertainty=True)
        reference["cases"][name] = {"delta_f": float(delta_f), "d_delta_f": float(d_delta_f),
                                    "exact_delta_f": c - float(np.log(s_b / s_a))}
    with open(os.path.join(OUT, "reference.json"), "w") as out:
        json.dump(reference, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
