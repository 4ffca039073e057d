#!/usr/bin/python3
"""Reference energies and forces for the AMBER force field tests (boltzmann, forcefield.amber).

Run with Debian's interpreter (OpenMM 7.7, ParmEd):  /usr/bin/python3 data/scripts/amber_reference.py

For each system it writes under data/<system>/reference/:
  coords.npy              (frames, atoms, 3) float64, nm
  energies_<solvent>.csv  frame,energy_kj_mol,<one column per force group>   (kJ/mol)
  forces_<solvent>.npy    (frames, atoms, 3) float64, kJ/mol/nm
for solvent in vacuum, obc1, obc2, all from OpenMM's Reference platform (double precision) with
AmberPrmtopFile.createSystem(nonbondedMethod=NoCutoff, constraints=None, implicitSolvent=None|OBC1|OBC2),
default dielectrics. Conformations: Langevin MD at 300 K and 1000 K (vacuum system) plus perturbed copies.

Systems:
  alanine-dipeptide   the committed prmtop (ff96, mbondi2 radii, no SCEE/SCNB sections)
  peptide-kd          a capped-less Lys-Asp dipeptide (zwitterion, charged side chains) built here: RDKit
                      sequence -> 3D -> OpenMM Modeller hydrogens -> amber14 (ff14SB) System -> ParmEd prmtop with
                      mbondi2 radii (tleap is not available here). Its prmtop has SCEE/SCNB and ATOMIC_NUMBER.
"""
import csv
import os
import sys

import numpy as np
import openmm
import openmm.app as app
import openmm.unit as unit

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
SOLVENTS = {"vacuum": None, "obc1": app.OBC1, "obc2": app.OBC2}
TERM_OF_FORCE = {
    "HarmonicBondForce": "bond",
    "HarmonicAngleForce": "angle",
    "PeriodicTorsionForce": "torsion",
    "NonbondedForce": "nonbonded",
    "GBSAOBCForce": "gb",
    "CustomGBForce": "gb",
}


def build_system(prmtop, solvent):
    system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None,
                                 implicitSolvent=SOLVENTS[solvent])
    terms = []
    for index in reversed(range(system.getNumForces())):
        if isinstance(system.getForce(index), openmm.CMMotionRemover):
            system.removeForce(index)
    for index, force in enumerate(system.getForces()):
        name = TERM_OF_FORCE[type(force).__name__]
        force.setForceGroup(index)
        terms.append(name)
    return system, terms


def reference_context(system):
    integrator = openmm.VerletIntegrator(0.001)
    return openmm.Context(system, integrator, openmm.Platform.getPlatformByName("Reference"))


def sample_conformations(prmtop, start, seed, frames_per_temperature, perturbed):
    """MD at 300 K and 1000 K in vacuum, then Gaussian perturbations of MD frames."""
    system, _ = build_system(prmtop, "vacuum")
    rng = np.random.default_rng(seed)
    frames = []
    for temperature, count in ((300, frames_per_temperature), (1000, frames_per_temperature)):
        integrator = openmm.LangevinIntegrator(temperature * unit.kelvin, 5.0 / unit.picosecond,
                                               0.5 * unit.femtosecond)
        integrator.setRandomNumberSeed(seed + temperature)
        context = openmm.Context(system, integrator, openmm.Platform.getPlatformByName("Reference"))
        context.setPositions(start)
        openmm.LocalEnergyMinimizer.minimize(context, 1.0, 200)
        context.setVelocitiesToTemperature(temperature * unit.kelvin, seed + temperature)
        integrator.step(2000)
        for _ in range(count):
            integrator.step(200)
            frames.append(context.getState(getPositions=True).getPositions(asNumpy=True)
                          .value_in_unit(unit.nanometer))
    md = np.array(frames)
    picks = rng.integers(0, len(md), perturbed)
    noise = rng.normal(0.0, 0.008, size=(perturbed,) + md.shape[1:])
    return np.concatenate([md, md[picks] + noise]).astype(np.float64)


def write_reference(prmtop, coords, out):
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "coords.npy"), coords)
    for solvent in SOLVENTS:
        system, terms = build_system(prmtop, solvent)
        context = reference_context(system)
        rows, forces = [], []
        for frame, xyz in enumerate(coords):
            context.setPositions(xyz)
            total = context.getState(getEnergy=True, getForces=True)
            forces.append(total.getForces(asNumpy=True).value_in_unit(unit.kilojoule_per_mole / unit.nanometer))
            energy = total.getPotentialEnergy().value_in_unit(unit.kilojoule_per_mole)
            parts = [context.getState(getEnergy=True, groups={g}).getPotentialEnergy()
                     .value_in_unit(unit.kilojoule_per_mole) for g in range(len(terms))]
            rows.append([frame, repr(energy)] + [repr(p) for p in parts])
        with open(os.path.join(out, "energies_%s.csv" % solvent), "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["frame", "energy_kj_mol"] + terms)
            writer.writerows(rows)
        np.save(os.path.join(out, "forces_%s.npy" % solvent), np.array(forces, dtype=np.float64))
        print("%s %s: %d frames, terms %s" % (out, solvent, len(rows), terms))


def alanine_dipeptide():
    folder = os.path.join(DATA, "alanine-dipeptide")
    prmtop = app.AmberPrmtopFile(os.path.join(folder, "alanine-dipeptide.prmtop"))
    start = app.AmberInpcrdFile(os.path.join(folder, "alanine-dipeptide.crd")).getPositions(asNumpy=True)
    coords = sample_conformations(prmtop, start, seed=2024, frames_per_temperature=80, perturbed=60)
    write_reference(prmtop, coords, os.path.join(folder, "reference"))


def write_ff14sb_system(heavy_pdb, folder, name):
    """Adds hydrogens to the heavy atoms in heavy_pdb (deleted after reading) with OpenMM's amber14-all.xml, builds
    the ff14SB system (NoCutoff), sets mbondi2 radii with ParmEd and writes folder/name.prmtop and folder/name.pdb;
    returns the Modeller."""
    import parmed

    pdb = app.PDBFile(heavy_pdb)
    os.remove(heavy_pdb)
    forcefield = app.ForceField("amber14-all.xml")
    modeller = app.Modeller(pdb.topology, pdb.positions)
    modeller.addHydrogens(forcefield, pH=7.0)
    system = forcefield.createSystem(modeller.topology, nonbondedMethod=app.NoCutoff, constraints=None,
                                     rigidWater=False)
    structure = parmed.openmm.load_topology(modeller.topology, system, xyz=modeller.positions)
    parm = parmed.amber.AmberParm.from_structure(structure)
    parmed.tools.changeRadii(parm, "mbondi2").execute()
    parm.write_parm(os.path.join(folder, name + ".prmtop"))
    with open(os.path.join(folder, name + ".pdb"), "w") as f:
        app.PDBFile.writeFile(modeller.topology, modeller.positions, f)
    return modeller


def build_lys_asp_peptide(folder):
    """Builds peptide-kd.prmtop and peptide-kd.pdb (Modeller's hydrogen placement is not bit-reproducible, so the
    committed files are reused unless they are deleted)."""
    from rdkit import Chem
    from rdkit.Chem import AllChem

    os.makedirs(folder, exist_ok=True)
    mol = Chem.AddHs(Chem.MolFromSequence("KD"))
    AllChem.EmbedMolecule(mol, randomSeed=7)
    AllChem.MMFFOptimizeMolecule(mol)
    pdb_heavy = os.path.join(folder, "heavy.tmp.pdb")
    Chem.MolToPDBFile(Chem.RemoveHs(mol), pdb_heavy)
    write_ff14sb_system(pdb_heavy, folder, "peptide-kd")

def lys_asp_peptide():
    folder = os.path.join(DATA, "peptide-kd")
    prmtop_path = os.path.join(folder, "peptide-kd.prmtop")
    if not os.path.exists(prmtop_path):
        build_lys_asp_peptide(folder)
    prmtop = app.AmberPrmtopFile(prmtop_path)
    start = app.PDBFile(os.path.join(folder, "peptide-kd.pdb")).getPositions(asNumpy=True)
    coords = sample_conformations(prmtop, start, seed=99, frames_per_temperature=20, perturbed=10)
    write_reference(prmtop, coords, os.path.join(folder, "reference"))


if __name__ == "__main__":
    which = sys.argv[1:] or ["alanine-dipeptide", "peptide-kd"]
    if "alanine-dipeptide" in which:
        alanine_dipeptide()
    if "peptide-kd" in which:
        lys_asp_peptide()
