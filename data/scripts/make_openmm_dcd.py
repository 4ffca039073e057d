"""Writes small DCD fixtures with OpenMM's own DCDReporter, so the Java DCD reader is tested against the layout
OpenMM (and MDTraj) use, plus the same positions as float64 .npy (frames, atoms, 3) in nm.

Run from the repository root with Debian's interpreter (OpenMM 7.7):
    /usr/bin/python3 data/scripts/make_openmm_dcd.py
Outputs (data/dcd/):
    openmm-vacuum.dcd        3 frames of alanine dipeptide, no unit cell
    openmm-vacuum.npy        the same frames, float64 nm
    openmm-box.dcd           3 frames with a triclinic unit cell record
    openmm-box.npy           the same frames, float64 nm
    openmm-box-cell.csv      a_nm,b_nm,c_nm,alpha_deg,beta_deg,gamma_deg of the box
    openmm-vacuum-float32.npy  the vacuum frames as float32 (NumPy's rounding), for single-precision reading
"""
import os

import numpy as np
import openmm
from openmm import app, unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRMTOP = os.path.join(ROOT, "alanine-dipeptide", "alanine-dipeptide.prmtop")
CRD = os.path.join(ROOT, "alanine-dipeptide", "alanine-dipeptide.crd")
OUT = os.path.join(ROOT, "dcd")
FRAMES = 3
INTERVAL = 5


def run(name, box_vectors):
    prmtop = app.AmberPrmtopFile(PRMTOP)
    crd = app.AmberInpcrdFile(CRD)
    system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None)
    integrator = openmm.LangevinMiddleIntegrator(300 * unit.kelvin, 1 / unit.picosecond, 0.001 * unit.picoseconds)
    integrator.setRandomNumberSeed(7)
    topology = prmtop.topology
    if box_vectors is not None:
        topology.setPeriodicBoxVectors(box_vectors)
    simulation = app.Simulation(topology, system, integrator, openmm.Platform.getPlatformByName("Reference"))
    simulation.context.setPositions(crd.positions)
    if box_vectors is not None:
        simulation.context.setPeriodicBoxVectors(*box_vectors)
    dcd_path = os.path.join(OUT, name + ".dcd")
    simulation.reporters.append(app.DCDReporter(dcd_path, INTERVAL))
    frames = []
    for _ in range(FRAMES):
        simulation.step(INTERVAL)
        state = simulation.context.getState(getPositions=True)
        frames.append(state.getPositions(asNumpy=True).value_in_unit(unit.nanometer))
    del simulation  # closes the reporter's file
    np.save(os.path.join(OUT, name + ".npy"), np.asarray(frames, dtype=np.float64))
    if box_vectors is None:
        np.save(os.path.join(OUT, name + "-float32.npy"), np.asarray(frames, dtype=np.float32))


def main():
    os.makedirs(OUT, exist_ok=True)
    run("openmm-vacuum", None)
    vectors = (openmm.Vec3(3.0, 0, 0), openmm.Vec3(0.5, 2.8, 0), openmm.Vec3(0.3, 0.4, 2.6)) * unit.nanometer
    run("openmm-box", vectors)
    a, b, c, alpha, beta, gamma = app.internal.unitcell.computeLengthsAndAngles(vectors)
    with open(os.path.join(OUT, "openmm-box-cell.csv"), "w") as f:
        f.write("a_nm,b_nm,c_nm,alpha_deg,beta_deg,gamma_deg\n")
        f.write(",".join(repr(v) for v in (a, b, c, np.degrees(alpha), np.degrees(beta), np.degrees(gamma))) + "\n")


if __name__ == "__main__":
    main()
