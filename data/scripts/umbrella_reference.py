#!/usr/bin/python3
"""Reference Ramachandran-basin populations of a peptide from umbrella sampling along one backbone phi in OpenMM,
unbiased by MBAR (pymbar).

The rare basins of alanine-like residues (alphaL and C7ax, phi > 0) are reached in plain or replica-exchange MD only a
few times per nanosecond, so their populations from MD carry large and hard-to-estimate errors. Umbrella windows along
phi make every value of phi equally well sampled; MBAR combines the windows into unbiased weights, and the basin
populations (phi/psi boxes of data/alanine-dipeptide/phi-psi.json) follow from those weights. The phi and psi of the
residue are measured on every saved frame; every other coordinate moves freely.

System: the AMBER prmtop as OpenMM builds it for the Java energy tests (NoCutoff, no constraints, OBC1/OBC2/vacuum),
Langevin (LangevinMiddleIntegrator) at 1 fs, friction 1/ps, so the ensemble is the one the Java MD samples.

Errors: a block bootstrap (blocks of each window's frames resampled within the window, MBAR solved again), and the two
halves of every window analysed separately as a consistency check.

Usage (OpenMM 7.7 and pymbar 3 from Debian: python3-simtk, python3-pymbar):
  /usr/bin/python3 data/scripts/umbrella_reference.py --prmtop data/alanine-dipeptide/alanine-dipeptide.prmtop \
      --pdb data/alanine-dipeptide/alanine-dipeptide.pdb --solvent obc1 --residue 2 \
      --out data/alanine-dipeptide/reference/umbrella_phi.json
"""
import argparse
import json
import math
import multiprocessing
import os
import sys
import time

import numpy as np
import openmm
import openmm.app as app
import openmm.unit as unit
from pymbar import MBAR

SOLVENTS = {"vacuum": None, "obc1": app.OBC1, "obc2": app.OBC2}
KB = 0.0083144626  # kJ/mol/K
PSI_LOW = -148.96902673401405
PSI_HIGH = 51.56620156177409
ALPHA_L_LOW = -28.64788975654116
ALPHA_L_HIGH = 148.96902673401405


def in_range(x, lo, hi):
    """x in [lo, hi) on the circle, degrees; a range with lo > hi wraps through 180."""
    return (x >= lo) & (x < hi) if lo <= hi else (x >= lo) | (x < hi)


def states(phi, psi):
    """Boolean masks of the four basins (alanine dipeptide's boundaries, degrees)."""
    neg = in_range(phi, -180, 0)
    pos = in_range(phi, 0, 180)
    return {
        "C7eq/beta": neg & in_range(psi, PSI_HIGH, PSI_LOW),
        "alphaR": neg & in_range(psi, PSI_LOW, PSI_HIGH),
        "alphaL": pos & in_range(psi, ALPHA_L_LOW, ALPHA_L_HIGH),
        "C7ax": pos & in_range(psi, ALPHA_L_HIGH, ALPHA_L_LOW),
    }


def backbone_atoms(topology, residue):
    """Atom indices of phi = C(r-1)-N-CA-C and psi = N-CA-C-N(r+1) of residue number `residue` (1-based)."""
    residues = list(topology.residues())
    def atom(r, name):
        for a in residues[r].atoms():
            if a.name == name:
                return a.index
        raise SystemExit("residue %d (%s) has no atom %s" % (r + 1, residues[r].name, name))
    r = residue - 1
    phi = [atom(r - 1, "C"), atom(r, "N"), atom(r, "CA"), atom(r, "C")]
    psi = [atom(r, "N"), atom(r, "CA"), atom(r, "C"), atom(r + 1, "N")]
    return phi, psi


def dihedral(x, idx):
    """Dihedral angle (degrees) of atoms idx in frames x (frames, atoms, 3)."""
    p0, p1, p2, p3 = (x[:, i] for i in idx)
    b0, b1, b2 = p0 - p1, p2 - p1, p3 - p2
    b1n = b1 / np.linalg.norm(b1, axis=1)[:, None]
    v = b0 - np.sum(b0 * b1n, axis=1)[:, None] * b1n
    w = b2 - np.sum(b2 * b1n, axis=1)[:, None] * b1n
    xx = np.sum(v * w, axis=1)
    yy = np.sum(np.cross(b1n, v) * w, axis=1)
    return np.degrees(np.arctan2(yy, xx))


def wrapped(d):
    """Angle difference (radians) wrapped into [-pi, pi)."""
    return (d + np.pi) % (2 * np.pi) - np.pi


def run_arc(args, windows, seed):
    """Umbrella windows `windows` (indices, run in this order, each starting where the last ended) in one OpenMM
    context on one thread; returns the phi and psi (degrees) of every saved frame of each window."""
    prmtop = app.AmberPrmtopFile(args.prmtop)
    pdb = app.PDBFile(args.pdb)
    phi_idx, psi_idx = backbone_atoms(prmtop.topology, args.residue)
    system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None,
                                 implicitSolvent=SOLVENTS[args.solvent])
    bias = openmm.CustomTorsionForce("0.5*k_umb*dd^2; dd = min(d, 2*pi - d); d = abs(theta - theta0);"
                                     " pi = 3.141592653589793")
    bias.addGlobalParameter("k_umb", args.k)
    bias.addGlobalParameter("theta0", 0.0)
    bias.addTorsion(*phi_idx, [])
    system.addForce(bias)
    integrator = openmm.LangevinMiddleIntegrator(args.temperature * unit.kelvin, 1.0 / unit.picosecond,
                                                 1.0 * unit.femtosecond)
    integrator.setRandomNumberSeed(seed)
    context = openmm.Context(system, integrator, openmm.Platform.getPlatformByName("CPU"), {"Threads": "1"})
    context.setPositions(pdb.positions)
    openmm.LocalEnergyMinimizer.minimize(context, 1.0, 200)
    context.setVelocitiesToTemperature(args.temperature * unit.kelvin, seed)
    centres = window_centres(args.windows)
    equil = int(args.equilibration_ps * 1000)
    stride = int(args.stride_fs)
    frames = int(args.production_ps * 1000 / stride)
    phis = np.zeros((len(windows), frames))
    psis = np.zeros((len(windows), frames))
    t0 = time.time()
    for count, w in enumerate(windows):
        context.setParameter("theta0", float(centres[w]))
        # the arc's first window pulls phi from the start structure's value, so it equilibrates longer
        integrator.step(equil * (5 if count == 0 else 1))
        for f in range(frames):
            integrator.step(stride)
            x = context.getState(getPositions=True).getPositions(asNumpy=True).value_in_unit(unit.nanometer)
            x = np.asarray(x)[None]
            phis[count, f] = dihedral(x, phi_idx)[0]
            psis[count, f] = dihedral(x, psi_idx)[0]
        print("window %d (centre %.1f deg): mean phi %.1f, %.0f s" % (w, math.degrees(centres[w]),
              float(np.degrees(np.angle(np.mean(np.exp(1j * np.radians(phis[count])))))), time.time() - t0),
              file=sys.stderr, flush=True)
    return phis, psis


def window_centres(n):
    """Centres of n umbrella windows spread evenly over the circle of phi (radians)."""
    return np.radians(-180.0 + 360.0 * np.arange(n) / n)


def run_windows(args):
    """All windows, split into `args.processes` contiguous arcs of the circle run side by side; returns the window
    centres and the phi and psi (degrees) of every frame, one row per window."""
    arcs = np.array_split(np.arange(args.windows), args.processes)
    with multiprocessing.Pool(args.processes) as pool:
        results = pool.starmap(run_arc, [(args, list(arc), args.seed + 1000 * j) for j, arc in enumerate(arcs)])
    phis = np.concatenate([r[0] for r in results])
    psis = np.concatenate([r[1] for r in results])
    return window_centres(args.windows), phis, psis


def reduced_bias(centres, phis, k, kt):
    """u_kn: reduced bias energy of every frame n (flattened over windows) in every window k."""
    phi = np.radians(phis.reshape(-1))
    d = wrapped(phi[None, :] - centres[:, None])
    return 0.5 * k * d * d / kt


def unbiased_log_weights(u_kn, n_k, f_k=None):
    """MBAR's free energies of the windows and the log weights of the frames in the unbiased ensemble."""
    mbar = MBAR(u_kn, n_k, initial_f_k=f_k, verbose=False)
    f = mbar.f_k
    a = np.log(n_k)[:, None] + f[:, None] - u_kn
    m = a.max(axis=0)
    log_w = -(m + np.log(np.exp(a - m).sum(axis=0)))
    return f, log_w - log_w.max()


def estimates(phis, psis, log_w, kt):
    """Populations of the four basins and F(C7eq/beta) - F(X) (kJ/mol) from frames with log weights."""
    w = np.exp(log_w)
    masks = states(phis.reshape(-1), psis.reshape(-1))
    p = {name: float(w[mask].sum() / w.sum()) for name, mask in masks.items()}
    df = {"C7eq/beta - " + name: -kt * math.log(p["C7eq/beta"] / p[name]) if p[name] > 0 else float("inf")
          for name in masks if name != "C7eq/beta"}
    return p, df


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prmtop", required=True)
    parser.add_argument("--pdb", required=True)
    parser.add_argument("--solvent", default="obc1", choices=sorted(SOLVENTS))
    parser.add_argument("--temperature", type=float, default=300.0)
    parser.add_argument("--residue", type=int, default=2, help="residue number (1-based) whose phi is biased")
    parser.add_argument("--windows", type=int, default=36)
    parser.add_argument("--k", type=float, default=150.0, help="umbrella force constant, kJ/mol/rad^2")
    parser.add_argument("--equilibration-ps", type=float, default=20.0)
    parser.add_argument("--production-ps", type=float, default=300.0)
    parser.add_argument("--stride-fs", type=float, default=50.0)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--processes", type=int, default=2, help="arcs of windows run side by side")
    parser.add_argument("--out", required=True, help="JSON of the estimates; the angles go beside it as .npz")
    parser.add_argument("--angles", help="analyse the angles of an earlier run (its .npz) instead of simulating")
    parser.add_argument("--sampler", help="what sampled the --angles (for the method line; default: OpenMM)")
    args = parser.parse_args()
    kt = KB * args.temperature
    started = time.time()
    if args.angles:
        saved = np.load(args.angles)
        centres, phis, psis = saved["centres"], saved["phis"], saved["psis"]
    else:
        centres, phis, psis = run_windows(args)
        np.savez(os.path.splitext(args.out)[0] + ".npz", centres=centres, phis=phis, psis=psis)
    n_windows, frames = phis.shape
    n_k = np.full(n_windows, frames)
    u_kn = reduced_bias(centres, phis, args.k, kt)
    f_k, log_w = unbiased_log_weights(u_kn, n_k)
    populations, delta_f = estimates(phis, psis, log_w, kt)

    rng = np.random.default_rng(args.seed)
    block = frames // args.blocks
    boot_p = {name: [] for name in populations}
    boot_df = {name: [] for name in delta_f}
    for _ in range(args.bootstrap):
        pick = np.concatenate([w * frames + b * block + np.arange(block)
                               for w in range(n_windows) for b in rng.integers(0, args.blocks, args.blocks)])
        ph = phis.reshape(-1)[pick].reshape(n_windows, -1)
        ps = psis.reshape(-1)[pick].reshape(n_windows, -1)
        _, lw = unbiased_log_weights(reduced_bias(centres, ph, args.k, kt), np.full(n_windows, ph.shape[1]), f_k)
        p, df = estimates(ph, ps, lw, kt)
        for name in p:
            boot_p[name].append(p[name])
        for name in df:
            boot_df[name].append(df[name])

    halves = []
    for h in range(2):
        ph = phis[:, h * frames // 2:(h + 1) * frames // 2]
        ps = psis[:, h * frames // 2:(h + 1) * frames // 2]
        _, lw = unbiased_log_weights(reduced_bias(centres, ph, args.k, kt), np.full(n_windows, ph.shape[1]), f_k)
        p, df = estimates(ph, ps, lw, kt)
        halves.append({"populations": p, "delta_f_kj_mol": df})

    result = {
        "method": "umbrella sampling along phi of residue %d, MBAR (pymbar %s), %s"
                  % (args.residue, "3" if hasattr(MBAR, "computeExpectations") else "4",
                     args.sampler or "OpenMM " + openmm.__version__),
        "prmtop": os.path.relpath(args.prmtop), "solvent": args.solvent, "temperature_k": args.temperature,
        "windows": n_windows, "k_kj_mol_rad2": args.k, "equilibration_ps": args.equilibration_ps,
        "production_ps_per_window": args.production_ps, "frames_per_window": frames, "timestep_fs": 1.0,
        "friction_per_ps": 1.0, "seed": args.seed, "processes": args.processes, "bootstrap": {"blocks": args.blocks, "replicates": args.bootstrap},
        "populations": {n: {"value": populations[n], "err": float(np.std(boot_p[n], ddof=1))} for n in populations},
        "delta_f_kj_mol": {n: {"value": delta_f[n], "err": float(np.std(boot_df[n], ddof=1))} for n in delta_f},
        "halves": halves,
        "window_centres_deg": [round(float(c), 2) for c in np.degrees(centres)],
        # how often psi crossed the alphaL/C7ax borders in each window: a window whose psi rarely changes side has
        # not sampled the split between those basins
        "psi_border_crossings": [int(np.count_nonzero(np.diff(in_range(ps, ALPHA_L_LOW, ALPHA_L_HIGH).astype(int))))
                                 for ps in psis],
        "wall_seconds": round(time.time() - started, 1),
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(result, fh, indent=2)
    os.replace(tmp, args.out)
    print(json.dumps({k: result[k] for k in ("populations", "delta_f_kj_mol")}, indent=2))


if __name__ == "__main__":
    main()
