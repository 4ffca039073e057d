"""MBAR reference fixtures from pymbar 3.1 (Debian python3-pymbar) for the Java MBAR tests.

Writes, for each fixture set under data/mbar/<set>/: u_kn.npy (K x N reduced energies, float64; not for the
100-state set, whose energies follow from its positions), n_k.npy (K sample counts, float64), observable.npy (one value per sample) and reference.json: pymbar's f_k, Delta_f and dDelta_f
(getFreeEnergyDifferences), the overlap matrix (computeOverlap), the expectations of the observable with their
uncertainties (computeExpectations), and closed-form free energies and means where the set has them.

Sets: harmonic oscillators (closed form; one state without samples), exponential distributions (closed form; one
state without samples), 100 harmonic oscillators (every tenth without samples), and alanine dipeptide (OBC1) from
the Java MD of ./boltzflow at 300, 350, 400 and 450 K, the observable being the alphaR indicator.

Run from the repository root:  /usr/bin/python3 data/scripts/mbar_reference.py [--skip-alanine]
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from pymbar import MBAR, testsystems

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "data", "mbar")
R = 0.0083144626  # kJ/mol/K, as boltzflow's Units
ALA2 = os.path.join(ROOT, "data", "alanine-dipeptide")


def write_set(name, u_kn, n_k, observable, extra, full_matrices=True, save_u=True):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    u_kn = np.asarray(u_kn, dtype=np.float64)
    n_k = np.asarray(n_k, dtype=np.float64)
    if save_u:
        np.save(os.path.join(folder, "u_kn.npy"), u_kn)
    np.save(os.path.join(folder, "n_k.npy"), n_k)
    np.save(os.path.join(folder, "observable.npy"), np.asarray(observable, dtype=np.float64))
    mbar = MBAR(u_kn, n_k)
    delta_f, d_delta_f = mbar.getFreeEnergyDifferences()
    overlap = np.asarray(mbar.computeOverlap()["matrix"])
    mu, sigma = mbar.computeExpectations(np.array(observable, dtype=np.float64))
    ref = {
        "pymbar": "3.1",
        "f_k": mbar.f_k.tolist(),
        "mu": np.asarray(mu).tolist(),
        "sigma": np.asarray(sigma).tolist(),
    }
    if full_matrices:
        ref["delta_f"] = np.asarray(delta_f).tolist()
        ref["d_delta_f"] = np.asarray(d_delta_f).tolist()
        ref["overlap"] = overlap.tolist()
    else:
        ref["delta_f_row0"] = np.asarray(delta_f)[0].tolist()
        ref["d_delta_f_row0"] = np.asarray(d_delta_f)[0].tolist()
        ref["overlap_diagonal"] = np.diag(overlap).tolist()
    ref.update(extra)
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print(name, "K", u_kn.shape[0], "N", u_kn.shape[1], "f_k", np.round(mbar.f_k[:6], 4))


def harmonic(name, o_k, k_k, n_k, seed, full_matrices=True):
    """Without full matrices (many states), u_kn is not saved: u_kn[k, n] = 0.5 * K_k[k] * (x_n - O_k[k])**2
    from observable.npy (x_n) and the o_k, k_k of reference.json gives the same float64 values."""
    system = testsystems.HarmonicOscillatorsTestCase(O_k=o_k, K_k=k_k)
    x_n, u_kn, n_k, s_n = system.sample(N_k=n_k, mode="u_kn", seed=seed)
    write_set(name, u_kn, n_k, x_n, {
        "o_k": list(map(float, o_k)), "k_k": list(map(float, k_k)),
        "analytical_f_k": system.analytical_free_energies().tolist(),
        "analytical_mu": system.analytical_means().tolist()}, full_matrices, save_u=full_matrices)


def exponential():
    system = testsystems.ExponentialTestCase(rates=[1.0, 2.0, 3.0, 4.0, 5.0])
    x_n, u_kn, n_k, s_n = system.sample(N_k=[300, 0, 200, 100, 150], mode="u_kn", seed=2)
    write_set("exponential", u_kn, n_k, x_n, {
        "analytical_f_k": system.analytical_free_energies().tolist(),
        "analytical_mu": system.analytical_means().tolist()})


def dihedral(x, a, b, c, d):
    b1, b2, b3 = x[:, b] - x[:, a], x[:, c] - x[:, b], x[:, d] - x[:, c]
    n1, n2 = np.cross(b1, b2), np.cross(b2, b3)
    y = np.linalg.norm(b2, axis=1) * np.sum(b1 * n2, axis=1)
    return np.arctan2(y, np.sum(n1 * n2, axis=1))


def alanine(temperatures=(300.0, 350.0, 400.0, 450.0), steps=200_000, every=500):
    launcher = os.path.join(ROOT, "boltzflow")
    prmtop = os.path.join(ALA2, "alanine-dipeptide.prmtop")
    with tempfile.TemporaryDirectory() as tmp:
        frames = []
        for i, t in enumerate(temperatures):
            out = os.path.join(tmp, "md-%d.npy" % int(t))
            subprocess.run([launcher, "md", "--prmtop", prmtop, "--solvent", "obc1", "--temperature", str(t),
                            "--steps", str(steps), "--save-every", str(every), "--seed", str(11 + i),
                            "--coords", os.path.join(ALA2, "alanine-dipeptide.pdb"), "--out", out], check=True)
            x = np.load(out)
            frames.append(x[len(x) // 10:])  # the first tenth is equilibration
        n_k = [len(x) for x in frames]
        xyz = np.concatenate(frames)
        coords = os.path.join(tmp, "all.npy")
        np.save(coords, xyz)
        energies = os.path.join(tmp, "e.csv")
        subprocess.run([launcher, "energy", "--prmtop", prmtop, "--coords", coords, "--solvent", "obc1",
                        "--out", energies], check=True)
        e = np.genfromtxt(energies, delimiter=",", names=True)["energy_kj_mol"]
    u_kn = np.array([e / (R * t) for t in temperatures])
    phi = dihedral(xyz, 4, 6, 8, 14)
    psi = dihedral(xyz, 6, 8, 14, 16)
    alpha_r = ((phi < 0) & (psi >= -2.6) & (psi < 0.9)).astype(np.float64)
    write_set("alanine-4t", u_kn, n_k, alpha_r, {
        "temperatures": list(temperatures), "observable": "alphaR indicator (phi < 0, -2.6 <= psi < 0.9)",
        "md": "boltzflow md, obc1, 2 fs, hbonds, %d steps per temperature, every %d steps, first tenth dropped"
              % (steps, every)})


def main():
    harmonic("harmonic", [0, 1, 2, 3, 4], [1, 2, 4, 8, 16], [200, 0, 300, 100, 150], seed=1)
    exponential()
    o_k = np.linspace(0, 5, 100)
    k_k = np.linspace(1, 20, 100)
    n_k = [0 if k % 10 == 9 else 60 for k in range(100)]
    harmonic("harmonic-100", o_k, k_k, n_k, seed=3, full_matrices=False)
    if "--skip-alanine" not in sys.argv:
        alanine()


if __name__ == "__main__":
    main()
