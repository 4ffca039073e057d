"""An independent solvation free energy of alanine dipeptide, vacuum -> OBC1 at 300 K: OpenMM MD in alchemical
windows E_lambda = E_vac + lambda * E_gb (the GB-OBC1 force, ACE term included, scaled through a CustomCVForce) and
pymbar 3.1 MBAR over the windows. It checks the Java MD + MBAR reference of examples/scripts/SolvationFep.java with a
different integrator, energy code and MBAR solver.

Each window: Langevin on the Reference platform (the only one of Debian's OpenMM; about 200 steps/s for this
system's GB force, in CPU time) with LangevinMiddleIntegrator, 1 fs, 1/ps, no constraints, from the PDB: 5 000 steps of
equilibration, then STEPS steps saved every 100. Errors: pymbar's asymptotic one and a block bootstrap (20 blocks per
window, 50 resamples) for the correlated frames.

Writes data/solvation/openmm-mbar.json. Run from the repository root:
    /usr/bin/python3 data/scripts/solvation_reference.py [STEPS] [WINDOWS]     (defaults 20000 6)
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
SAVE_EVERY = 100
EQUILIBRATION = 5_000


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
    return obc1, cv


def run_window(system, cv, positions, lam, steps, seed):
    integrator = openmm.LangevinMiddleIntegrator(T * unit.kelvin, 1.0 / unit.picosecond, 0.001 * unit.picoseconds)
    integrator.setRandomNumberSeed(seed)
    context = openmm.Context(system, integrator, openmm.Platform.getPlatformByName("Reference"))
    context.setParameter("lambda", lam)
    context.setPositions(positions)
    context.setVelocitiesToTemperature(T * unit.kelvin, seed)
    integrator.step(EQUILIBRATION)
    e_vac, e_gb = [], []
    for _ in range(steps // SAVE_EVERY):
        integrator.step(SAVE_EVERY)
        state = context.getState(getEnergy=True, groups={0})
        e_vac.append(state.getPotentialEnergy().value_in_unit(unit.kilojoule_per_mole))
        e_gb.append(cv.getCollectiveVariableValues(context)[0])
    return np.array(e_vac), np.array(e_gb)


def delta_f(e_vac, e_gb, lambdas, n_k):
    u_kn = np.array([(e_vac + lam * e_gb) / (R * T) for lam in lambdas])
    mbar = MBAR(u_kn, n_k)
    df, ddf = mbar.getFreeEnergyDifferences()
    overlap = np.asarray(mbar.computeOverlap()["matrix"])
    return df[0, -1], ddf[0, -1], overlap


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    windows = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    lambdas = np.linspace(0.0, 1.0, windows)
    prmtop = app.AmberPrmtopFile(os.path.join(ALA2, "alanine-dipeptide.prmtop"))
    positions = app.PDBFile(os.path.join(ALA2, "alanine-dipeptide.pdb")).getPositions()
    system, cv = windowed_system(prmtop)
    start = time.time()
    vac, gb = [], []
    for k, lam in enumerate(lambdas):
        e_vac, e_gb = run_window(system, cv, positions, float(lam), steps, 1000 + k)
        vac.append(e_vac)
        gb.append(e_gb)
    wall = time.time() - start
    n_k = np.array([len(v) for v in vac], dtype=np.float64)
    e_vac, e_gb = np.concatenate(vac), np.concatenate(gb)
    df, ddf, overlap = delta_f(e_vac, e_gb, lambdas, n_k)
    rng = np.random.default_rng(7)
    blocks = 20
    resampled = []
    for _ in range(50):
        picked = []
        offset = 0
        for n in n_k.astype(int):
            edges = np.linspace(0, n, blocks + 1).astype(int)
            for b in rng.integers(0, blocks, blocks):
                picked.extend(range(offset + edges[b], offset + edges[b + 1]))
            offset += n
        picked = np.array(picked)
        counts = []
        offset = 0
        for n in n_k.astype(int):
            counts.append(np.count_nonzero((picked >= offset) & (picked < offset + n)))
            offset += n
        resampled.append(delta_f(e_vac[picked], e_gb[picked], lambdas, np.array(counts, dtype=np.float64))[0])
    kt = R * T
    result = {
        "system": "alanine dipeptide (data/alanine-dipeptide), vacuum -> OBC1, 300 K",
        "openmm": openmm.version.version,
        "windows": [float(x) for x in lambdas],
        "steps_per_window": steps,
        "equilibration_steps": EQUILIBRATION,
        "save_every": SAVE_EVERY,
        "timestep_ps": 0.001,
        "friction_per_ps": 1.0,
        "frames_per_window": int(n_k[0]),
        "delta_f_kj_mol": kt * df,
        "asymptotic_error_kj_mol": kt * ddf,
        "block_bootstrap_error_kj_mol": kt * float(np.std(resampled, ddof=1)),
        "neighbour_overlap": [float(overlap[k, k + 1]) for k in range(windows - 1)],
        "md_wall_seconds": wall,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT + ".tmp", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
