"""An independent solvation free energy of alanine dipeptide, vacuum -> OBC1 at 300 K: OpenMM MD in alchemical
windows E_lambda = E_vac + lambda * E_gb (the GB-OBC1 force, ACE term included, scaled through a CustomCVForce) and
pymbar 3.1 MBAR over the windows. It checks the Java MD + MBAR reference of examples/scripts/SolvationFep.java with a
different integrator, energy code and MBAR solver.

Debian's OpenMM has only the Reference platform, where the OBC1 force (a CustomGBForce) runs at about 300 steps/s
while the vacuum system runs at about 90 000 steps/s. So the slow backbone (phi/psi) modes are sampled in vacuum and
every window's chains start from equilibrium structures of their own window:
  1. Vacuum MD: VACUUM_CHAINS Langevin chains of VACUUM_STEPS steps (after 10 000 of equilibration), a frame every
     VACUUM_SAVE steps. These frames are the lambda = 0 window.
  2. For window lambda > 0, CHAINS starting structures are drawn from the vacuum frames with importance weights
     exp(-lambda E_gb / kT) (systematic resampling), which are exact for E_lambda = E_vac + lambda E_gb.
  3. Each of those chains: EQUILIBRATION steps at the window, then STEPS steps saved every SAVE_EVERY.
Langevin: LangevinMiddleIntegrator, 1 fs, 1/ps, no constraints, every chain its own seed.
Errors: pymbar's asymptotic one, and a bootstrap over chains (each chain one block, resampled within its window;
the vacuum chains for lambda = 0), 200 resamples.

Writes data/solvation/openmm-mbar.json. Run from the repository root:
    /usr/bin/python3 data/scripts/solvation_reference.py [STEPS] [CHAINS] [WINDOWS]     (defaults 5000 4 6)
"""
import json
import os
import sys
import time

import numpy as np
import openmm
from openmm import app, unit
from pymbar import MBAR

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALA2 = os.path.join(ROOT, "data", "alanine-dipeptide")
OUT = os.path.join(ROOT, "data", "solvation", "openmm-mbar.json")
R = 0.0083144626  # kJ/mol/K, as boltzflow's Units
T = 300.0
KT = R * T
SAVE_EVERY = 100
EQUILIBRATION = 1_000
VACUUM_CHAINS = 4
VACUUM_EQUILIBRATION = 10_000
VACUUM_STEPS = 1_000_000
VACUUM_SAVE = 1_000
RESAMPLES = 200


def windowed_system(prmtop):
    """The OBC1 system with its GB force moved into a CustomCVForce 'lambda * gb' (force group 1)."""
    vacuum = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None)
    obc1 = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None, implicitSolvent=app.OBC1)
    vacuum_kinds = [type(f).__name__ for f in vacuum.getForces()]
    extra = [i for i, f in enumerate(obc1.getForces()) if type(f).__name__ not in vacuum_kinds]
    if len(extra) != 1:
        raise SystemExit("expected one GB force beyond the vacuum forces, found %d" % len(extra))
    gb = openmm.XmlSerializer.clone(obc1.getForce(extra[0]))
    obc1.removeForce(extra[0])
    cv = openmm.CustomCVForce("lambda * gb")
    cv.addGlobalParameter("lambda", 0.0)
    cv.addCollectiveVariable("gb", gb)
    cv.setForceGroup(1)
    obc1.addForce(cv)
    return vacuum, obc1, cv


def context(system, seed, lam=None):
    integrator = openmm.LangevinMiddleIntegrator(T * unit.kelvin, 1.0 / unit.picosecond, 0.001 * unit.picoseconds)
    integrator.setRandomNumberSeed(seed)
    ctx = openmm.Context(system, integrator, openmm.Platform.getPlatformByName("Reference"))
    if lam is not None:
        ctx.setParameter("lambda", lam)
    return ctx, integrator


def vacuum_frames(vacuum, positions):
    """Positions (nm) of the vacuum chains' frames, chain after chain."""
    frames = []
    for c in range(VACUUM_CHAINS):
        ctx, integrator = context(vacuum, 500 + c)
        ctx.setPositions(positions)
        ctx.setVelocitiesToTemperature(T * unit.kelvin, 500 + c)
        integrator.step(VACUUM_EQUILIBRATION)
        for _ in range(VACUUM_STEPS // VACUUM_SAVE):
            integrator.step(VACUUM_SAVE)
            frames.append(ctx.getState(getPositions=True).getPositions(asNumpy=True).value_in_unit(unit.nanometer))
    return frames


def energies(ctx, cv):
    """(E_vac, E_gb) in kJ/mol at the context's positions."""
    e_vac = ctx.getState(getEnergy=True, groups={0}).getPotentialEnergy().value_in_unit(unit.kilojoule_per_mole)
    return e_vac, cv.getCollectiveVariableValues(ctx)[0]


def systematic(weights, count, rng):
    """Indices drawn by systematic resampling of the normalized weights."""
    cumulative = np.cumsum(weights / weights.sum())
    points = (rng.random() + np.arange(count)) / count
    return np.minimum(np.searchsorted(cumulative, points), len(weights) - 1)


def run_chain(system, cv, start, lam, steps, seed):
    ctx, integrator = context(system, seed, lam)
    ctx.setPositions(start)
    ctx.setVelocitiesToTemperature(T * unit.kelvin, seed)
    integrator.step(EQUILIBRATION)
    out = []
    for _ in range(steps // SAVE_EVERY):
        integrator.step(SAVE_EVERY)
        out.append(energies(ctx, cv))
    return np.array(out)


def delta_f(chains, lambdas):
    """MBAR f(1) - f(0) in kT from per-window lists of (frames, 2) energy arrays, its error and the overlap."""
    per_window = [np.concatenate(c) for c in chains]
    n_k = np.array([len(e) for e in per_window], dtype=np.float64)
    e = np.concatenate(per_window)
    u_kn = np.array([(e[:, 0] + lam * e[:, 1]) / KT for lam in lambdas])
    mbar = MBAR(u_kn, n_k)
    df, ddf = mbar.getFreeEnergyDifferences()
    return df[0, -1], ddf[0, -1], np.asarray(mbar.computeOverlap()["matrix"])


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    chains = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    windows = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    lambdas = np.linspace(0.0, 1.0, windows)
    prmtop = app.AmberPrmtopFile(os.path.join(ALA2, "alanine-dipeptide.prmtop"))
    positions = app.PDBFile(os.path.join(ALA2, "alanine-dipeptide.pdb")).getPositions()
    vacuum, system, cv = windowed_system(prmtop)
    start = time.process_time()
    frames = vacuum_frames(vacuum, positions)
    probe, _ = context(system, 1)
    vac_energies = []
    for x in frames:
        probe.setPositions(x)
        vac_energies.append(energies(probe, cv))
    vac_energies = np.array(vac_energies)
    per_chain = len(frames) // VACUUM_CHAINS
    sets = [[vac_energies[c * per_chain:(c + 1) * per_chain] for c in range(VACUUM_CHAINS)]]
    rng = np.random.default_rng(7)
    for k, lam in enumerate(lambdas[1:], start=1):
        log_w = -lam * vac_energies[:, 1] / KT
        picked = systematic(np.exp(log_w - log_w.max()), chains, rng)
        sets.append([run_chain(system, cv, frames[i], float(lam), steps, 1000 * k + c) for c, i in enumerate(picked)])
    cpu = time.process_time() - start
    df, ddf, overlap = delta_f(sets, lambdas)
    resampled = []
    for _ in range(RESAMPLES):
        resampled.append(delta_f([[s[i] for i in rng.integers(0, len(s), len(s))] for s in sets], lambdas)[0])
    zwanzig = -np.log(np.mean(np.exp(-(vac_energies[:, 1] - vac_energies[:, 1].min()) / KT)))
    result = {
        "system": "alanine dipeptide (data/alanine-dipeptide), vacuum -> OBC1, 300 K",
        "openmm": openmm.version.version,
        "windows": [float(x) for x in lambdas],
        "vacuum_chains": VACUUM_CHAINS,
        "vacuum_steps_per_chain": VACUUM_STEPS,
        "vacuum_save_every": VACUUM_SAVE,
        "chains_per_window": chains,
        "equilibration_steps": EQUILIBRATION,
        "steps_per_chain": steps,
        "save_every": SAVE_EVERY,
        "timestep_ps": 0.001,
        "friction_per_ps": 1.0,
        "frames_per_window": [int(sum(len(c) for c in s)) for s in sets],
        "delta_f_kj_mol": KT * df,
        "asymptotic_error_kj_mol": KT * ddf,
        "chain_bootstrap_error_kj_mol": KT * float(np.std(resampled, ddof=1)),
        "neighbour_overlap": [float(overlap[k, k + 1]) for k in range(windows - 1)],
        "vacuum_exponential_average_kj_mol": KT * (zwanzig + vac_energies[:, 1].min() / KT),
        "md_steps": VACUUM_CHAINS * (VACUUM_EQUILIBRATION + VACUUM_STEPS) + (windows - 1) * chains * (
            EQUILIBRATION + steps),
        "energy_evaluations": VACUUM_CHAINS * (VACUUM_EQUILIBRATION + VACUUM_STEPS) + len(frames) + (
            windows - 1) * chains * (EQUILIBRATION + steps + steps // SAVE_EVERY),
        "cpu_seconds": cpu,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT + ".tmp", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
