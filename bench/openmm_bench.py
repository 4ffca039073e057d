"""OpenMM CPU-platform side of `boltzflow bench amber`: energy+forces throughput and Langevin MD steps/s.

Run with Debian's interpreter (OpenMM 7.7), normally by `boltzflow bench amber`, which passes the same
configurations and thread count it measures the Java code with:
    /usr/bin/python3 bench/openmm_bench.py --prmtop P --coords C.npy --threads T --seconds S [--serve]
Prints one JSON object per line: {"case": ..., "per_second": ..., "per_cpu_second": ...}, each the best of 5
measuring windows (per_cpu_second counts the CPU time of the whole process, all threads): for every case in turn,
or with --serve (after a first line {"ready": true}) for each case name read from a line of standard input, so that
the caller can measure its own side of each case right before OpenMM's (both in the same phase of a shared
machine's load). The process keeps to `threads` CPUs (see pin_to_cpus).
  energy-single-<solvent>: setPositions + getState(getEnergy, getForces) on one configuration, repeated
  energy-batch-<solvent>:  the same over every configuration of C.npy (frames, atoms, 3) in nm
  md-vacuum:               LangevinMiddleIntegrator steps/s (300 K, 1/ps, time step and HBond constraints as asked)
"""
import argparse
import json
import os
import sys
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


def energy_work(ctx, frames, kind):
    """The work of case energy-<kind>-<solvent> on that solvent's context."""
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

    return single if kind == "single" else batch


def md_work(prmtop, start, threads, timestep_ps, hbonds):
    """The work of case md-vacuum on a new context (kept alive by the returned function)."""
    integrator = openmm.LangevinMiddleIntegrator(300 * unit.kelvin, 1 / unit.picosecond, timestep_ps * unit.picoseconds)
    integrator.setRandomNumberSeed(1)
    ctx = context(prmtop, "vacuum", threads, integrator, app.HBonds if hbonds else None)
    ctx.setPositions(start)
    ctx.setVelocitiesToTemperature(300 * unit.kelvin, 1)

    def steps():
        integrator.step(1000)
        ctx.getState(getEnergy=False)
        return 1000

    return steps


class Cases:
    """Every case's work, each context made on first use and kept (the MD state too)."""

    NAMES = [f"energy-{kind}-{solvent}" for solvent in SOLVENTS for kind in ("single", "batch")] + ["md-vacuum"]

    def __init__(self, prmtop, frames, args):
        self.prmtop, self.frames, self.args = prmtop, frames, args
        self.contexts = {}

    def work(self, case):
        if case not in self.NAMES:
            raise SystemExit(f"unknown case {case!r}, expected one of {self.NAMES}")
        if case == "md-vacuum":
            if case not in self.contexts:
                self.contexts[case] = md_work(self.prmtop, self.frames[0], self.args.threads, self.args.timestep,
                                              self.args.constraints == "hbonds")
            return self.contexts[case]
        _, kind, solvent = case.split("-")
        if solvent not in self.contexts:
            self.contexts[solvent] = context(self.prmtop, solvent, self.args.threads, openmm.VerletIntegrator(0.001))
        return energy_work(self.contexts[solvent], self.frames, kind)

    def report(self, case):
        per_second, per_cpu_second = rate(self.work(case), self.args.seconds)
        print(json.dumps({"case": case, "per_second": per_second, "per_cpu_second": per_cpu_second,
                          "threads": self.args.threads}), flush=True)


def pin_to_cpus(threads):
    """Keeps this process on `threads` CPUs. OpenMM's CPU platform hands each evaluation to worker threads; with the
    OS free to place them on another, idle virtual CPU, every hand-off waits for that CPU to wake: on the idle 2-CPU
    build machine one thread ran 3.0-3.5k energy+forces calls/s unpinned and 12.0k/s pinned (11.3k/s unpinned
    beside a busy loop). Pinning gives OpenMM its best rate whatever the load."""
    cpus = sorted(os.sched_getaffinity(0))
    if threads < len(cpus):
        os.sched_setaffinity(0, cpus[:threads])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prmtop", required=True)
    parser.add_argument("--coords", required=True, help=".npy (frames, atoms, 3) in nm")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per case")
    parser.add_argument("--timestep", type=float, default=0.002, help="MD time step in ps")
    parser.add_argument("--constraints", choices=["hbonds", "none"], default="hbonds")
    parser.add_argument("--serve", action="store_true", help="measure the cases named on standard input, one a line")
    args = parser.parse_args()
    pin_to_cpus(args.threads)
    prmtop = app.AmberPrmtopFile(args.prmtop)
    frames = [openmm.unit.Quantity([openmm.Vec3(*row) for row in frame], unit.nanometer)
              for frame in np.load(args.coords)]
    cases = Cases(prmtop, frames, args)
    if args.serve:
        print(json.dumps({"ready": True}), flush=True)
    for case in (line.strip() for line in sys.stdin) if args.serve else Cases.NAMES:
        if case:
            cases.report(case)


if __name__ == "__main__":
    main()
