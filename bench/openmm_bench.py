"""OpenMM CPU-platform side of `boltzflow bench amber`: energy+forces throughput and Langevin MD steps/s.

Run with Debian's interpreter (OpenMM 7.7), normally by `boltzflow bench amber`, which passes the same
configurations and thread count it measures the Java code with:
    /usr/bin/python3 bench/openmm_bench.py --prmtop P --coords C.npy --threads T --seconds S
Prints one JSON object per line: {"case": ..., "per_second": ..., "per_cpu_second": ...}, each the best of 5
measuring windows (per_cpu_second counts the CPU time of the whole process, all threads).
  energy-single-<solvent>: setPositions + getState(getEnergy, getForces) on one configuration, repeated
  energy-batch-<solvent>:  the same over every configuration of C.npy (frames, atoms, 3) in nm
  md-vacuum:               LangevinMiddleIntegrator steps/s (300 K, 1/ps, time step and HBond constraints as asked)
"""
import argparse
import json
import time

import numpy as np
import openmm
from openmm import app, unit

SOLVENTS = {"vacuum": None, "obc1": app.OBC1}
WINDOWS = 5


def context(prmtop, solvent, threads, integrator, constraints=None):
    system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=constraints,
                                 implicitSolvent=SOLVENTS[solvent])
    platform = openmm.Platform.getPlatformByName("CPU")
    return openmm.Context(system, integrator, platform, {"CpuThreads": str(threads)})


def rate(work, seconds):
    """Throughput of work() (which returns how many items it did) as (items per wall-clock second, items per
    CPU-second of this process): for each the best of WINDOWS windows of seconds / WINDOWS after a warm-up window,
    so that other load on the machine counts less."""
    best_wall = best_cpu = 0.0
    for window in range(WINDOWS + 1):
        done = 0
        start = time.perf_counter()
        cpu_start = time.process_time()
        while time.perf_counter() - start < seconds / WINDOWS:
            done += work()
        if window > 0:
            best_wall = max(best_wall, done / (time.perf_counter() - start))
            best_cpu = max(best_cpu, done / max(time.process_time() - cpu_start, 1e-9))
    return best_wall, best_cpu


def energy_cases(prmtop, frames, solvent, threads, seconds):
    ctx = context(prmtop, solvent, threads, openmm.VerletIntegrator(0.001))

    def evaluate(xyz):
        ctx.setPositions(xyz)
        ctx.getState(getEnergy=True, getForces=True)

    def single():
        for _ in range(100):
            evaluate(frames[0])
        return 100

    def batch():
        for xyz in frames:
            evaluate(xyz)
        return len(frames)

    return {"energy-single-" + solvent: rate(single, seconds), "energy-batch-" + solvent: rate(batch, seconds)}


def md_case(prmtop, start, threads, seconds, timestep_ps, hbonds):
    integrator = openmm.LangevinMiddleIntegrator(300 * unit.kelvin, 1 / unit.picosecond, timestep_ps * unit.picoseconds)
    integrator.setRandomNumberSeed(1)
    ctx = context(prmtop, "vacuum", threads, integrator, app.HBonds if hbonds else None)
    ctx.setPositions(start)
    ctx.setVelocitiesToTemperature(300 * unit.kelvin, 1)

    def steps():
        integrator.step(1000)
        ctx.getState(getEnergy=False)
        return 1000

    return {"md-vacuum": rate(steps, seconds)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prmtop", required=True)
    parser.add_argument("--coords", required=True, help=".npy (frames, atoms, 3) in nm")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per case")
    parser.add_argument("--timestep", type=float, default=0.002, help="MD time step in ps")
    parser.add_argument("--constraints", choices=["hbonds", "none"], default="hbonds")
    args = parser.parse_args()
    prmtop = app.AmberPrmtopFile(args.prmtop)
    frames = [openmm.unit.Quantity([openmm.Vec3(*row) for row in frame], unit.nanometer)
              for frame in np.load(args.coords)]
    results = {}
    for solvent in SOLVENTS:
        results.update(energy_cases(prmtop, frames, solvent, args.threads, args.seconds))
    results.update(md_case(prmtop, frames[0], args.threads, args.seconds, args.timestep, args.constraints == "hbonds"))
    for case, (per_second, per_cpu_second) in results.items():
        print(json.dumps({"case": case, "per_second": per_second, "per_cpu_second": per_cpu_second,
                          "threads": args.threads}), flush=True)


if __name__ == "__main__":
    main()
