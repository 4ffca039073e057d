#!/usr/bin/python3
"""Builds data/ala-ala: capped alanine dipeptide-of-two (Ace-Ala-Ala-NMe, 32 atoms), ff14SB, mbondi2 radii.

Run with Debian's interpreter (RDKit, OpenMM 7.7, ParmEd):  /usr/bin/python3 data/scripts/make_ala_ala.py

AmberTools' tleap is not installed here, so the system is built the way data/peptide-kd was:
  RDKit SMILES -> ETKDG 3D (seed 11) + MMFF cleanup -> heavy atoms with PDB residue names (ACE, ALA, ALA, NME)
  -> OpenMM Modeller.addHydrogens(amber14-all.xml) -> ForceField("amber14-all.xml") System (ff14SB, NoCutoff)
  -> ParmEd AmberParm.from_structure -> changeRadii mbondi2 -> ala-ala.prmtop, ala-ala.pdb.
Use the prmtop with --solvent obc1 or obc2 (the radii and screening parameters are in it). A rerun writes the same
prmtop (but its date stamp); Modeller places the hydrogens of ala-ala.pdb slightly differently each time.
"""
import os

from rdkit import Chem
from rdkit.Chem import AllChem

from amber_reference import write_ff14sb_system

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(os.path.dirname(HERE), "ala-ala")
SMILES = "CC(=O)N[C@@H](C)C(=O)N[C@@H](C)C(=O)NC"
# heavy atoms of SMILES in order: (residue name, residue number, atom name)
NAMES = [("ACE", 1, "CH3"), ("ACE", 1, "C"), ("ACE", 1, "O"),
         ("ALA", 2, "N"), ("ALA", 2, "CA"), ("ALA", 2, "CB"), ("ALA", 2, "C"), ("ALA", 2, "O"),
         ("ALA", 3, "N"), ("ALA", 3, "CA"), ("ALA", 3, "CB"), ("ALA", 3, "C"), ("ALA", 3, "O"),
         ("NME", 4, "N"), ("NME", 4, "C")]


def heavy_pdb(path):
    mol = Chem.AddHs(Chem.MolFromSmiles(SMILES))
    AllChem.EmbedMolecule(mol, randomSeed=11)
    AllChem.MMFFOptimizeMolecule(mol)
    heavy = Chem.RemoveHs(mol)
    for atom, (residue, number, name) in zip(heavy.GetAtoms(), NAMES):
        info = Chem.AtomPDBResidueInfo()
        info.SetResidueName(residue)
        info.SetResidueNumber(number)
        info.SetName(" %-3s" % name if len(name) < 4 else name)
        info.SetIsHeteroAtom(False)
        atom.SetMonomerInfo(info)
    Chem.MolToPDBFile(heavy, path, flavor=4)


def main():
    os.makedirs(FOLDER, exist_ok=True)
    tmp = os.path.join(FOLDER, "heavy.tmp.pdb")
    heavy_pdb(tmp)
    modeller = write_ff14sb_system(tmp, FOLDER, "ala-ala")
    print("wrote", FOLDER, modeller.topology.getNumAtoms(), "atoms")


if __name__ == "__main__":
    main()
