#!/usr/bin/python3
"""MMFF94 reference fixtures from RDKit for the boltzmann MMFF94 tests.

Run with Debian's interpreter (RDKit 2022.09):  /usr/bin/python3 data/scripts/mmff_reference.py
Writes, under data/mmff/:
  reference.sdf      every conformer as one record (explicit hydrogens, coordinates in Angstrom); the record title
                     is the molecule name, SD fields `molecule`, `conformer` (embedded|minimized|perturbed) and
                     `smiles`
  energies.csv       one row per record: record,molecule,name,conformer,atom_offset,atoms, then RDKit's MMFF94 total
                     and per-term energies in kcal/mol (bond, angle, stretch_bend, oop, torsion, vdw, electrostatic)
  gradients.npy      float64 (sum of atoms over records, 3): RDKit's MMFF94 total gradient in kcal/mol/Angstrom,
                     the rows of record r start at its atom_offset
  atom_types.csv     molecule,atom,type,charge: RDKit's numeric MMFF94 atom type and partial charge of every atom
Energies are computed on the coordinates exactly as written to the SDF (rounded to 4 decimals), with MMFF94 (not
MMFF94s), constant dielectric 1, and no interfragment cutoff (every molecule is one fragment anyway).
"""
import csv
import os

import numpy as np
from rdkit import Chem
from rdkit.Chem import AllChem
from rdkit.Chem import rdForceFieldHelpers as ffh
from rdkit.Chem import rdMolTransforms

SEED = 20240917
TERMS = ["bond", "angle", "stretch_bend", "oop", "torsion", "vdw", "electrostatic"]
SETTERS = ["SetMMFFBondTerm", "SetMMFFAngleTerm", "SetMMFFStretchBendTerm", "SetMMFFOopTerm",
           "SetMMFFTorsionTerm", "SetMMFFVdWTerm", "SetMMFFEleTerm"]

MOLECULES = [
    # alkanes, rings, alkenes, alkynes
    ("ethane", "CC"), ("butane", "CCCC"), ("isobutane", "CC(C)C"), ("cyclopropane", "C1CC1"),
    ("cyclobutane", "C1CCC1"), ("cyclohexane", "C1CCCCC1"), ("methylcyclopentane", "CC1CCCC1"),
    ("propene", "C=CC"), ("butadiene", "C=CC=C"), ("hexatriene", "C=CC=CC=C"), ("cyclobutene", "C1=CCC1"),
    ("propyne", "C#CC"), ("but-2-yne", "CC#CC"), ("allene", "C=C=C"), ("styrene", "C=Cc1ccccc1"),
    ("norbornane", "C1CC2CCC1C2"),
    # aromatics and heteroaromatics
    ("benzene", "c1ccccc1"), ("toluene", "Cc1ccccc1"), ("naphthalene", "c1ccc2ccccc2c1"),
    ("biphenyl", "c1ccc(cc1)-c1ccccc1"), ("pyridine", "c1ccncc1"), ("pyrimidine", "c1cncnc1"),
    ("pyrazine", "c1cnccn1"), ("pyrrole", "c1cc[nH]c1"), ("furan", "c1ccoc1"), ("thiophene", "c1ccsc1"),
    ("imidazole", "c1c[nH]cn1"), ("pyrazole", "c1cc[nH]n1"), ("oxazole", "c1cocn1"), ("thiazole", "c1cscn1"),
    ("isoxazole", "c1cnoc1"), ("triazole", "c1nc[nH]n1"), ("tetrazole", "c1nnn[nH]1"), ("indole", "c1ccc2[nH]ccc2c1"),
    ("benzimidazole", "c1ccc2[nH]cnc2c1"), ("quinoline", "c1ccc2ncccc2c1"), ("purine", "c1ncc2[nH]cnc2n1"),
    ("pyridine_n_oxide", "[O-][n+]1ccccc1"), ("pyridinium", "c1cc[nH+]cc1"), ("imidazolium", "c1c[nH+]c[nH]1"),
    ("2-pyridone", "O=c1cccc[nH]1"), ("uracil", "O=c1cc[nH]c(=O)[nH]1"),
    # oxygen
    ("methanol", "CO"), ("ethanol", "CCO"), ("dimethyl_ether", "COC"), ("phenol", "Oc1ccccc1"),
    ("anisole", "COc1ccccc1"), ("thf", "C1CCOC1"), ("dioxane", "C1COCCO1"), ("oxetane", "C1COC1"),
    ("ethylene_oxide", "C1CO1"), ("acetaldehyde", "CC=O"), ("acetone", "CC(C)=O"), ("cyclohexanone", "O=C1CCCCC1"),
    ("acetic_acid", "CC(=O)O"), ("benzoic_acid", "OC(=O)c1ccccc1"), ("methyl_acetate", "CC(=O)OC"),
    ("ethyl_benzoate", "CCOC(=O)c1ccccc1"), ("gamma_butyrolactone", "O=C1CCCO1"), ("acrolein", "C=CC=O"),
    ("enol_ether", "C=COC"), ("hydroquinone", "Oc1ccc(O)cc1"), ("acetic_anhydride", "CC(=O)OC(C)=O"),
    # nitrogen
    ("methylamine", "CN"), ("trimethylamine", "CN(C)C"), ("aniline", "Nc1ccccc1"), ("piperidine", "C1CCNCC1"),
    ("morpholine", "C1COCCN1"), ("acetamide", "CC(N)=O"), ("n_methylacetamide", "CNC(C)=O"),
    ("dimethylformamide", "CN(C)C=O"), ("urea", "NC(N)=O"), ("caprolactam", "O=C1CCCCCN1"),
    ("acetonitrile", "CC#N"), ("benzonitrile", "N#Cc1ccccc1"), ("acrylonitrile", "C=CC#N"),
    ("nitromethane", "C[N+](=O)[O-]"), ("nitrobenzene", "[O-][N+](=O)c1ccccc1"), ("imine", "CC=NC"),
    ("oxime", "CC(C)=NO"), ("hydrazine", "NN"), ("azobenzene", "c1ccc(cc1)N=Nc1ccccc1"), ("guanidine", "NC(N)=N"),
    ("alanine_dipeptide", "CC(=O)NC(C)C(=O)NC"), ("enamine", "C=CN(C)C"), ("methyl_carbamate", "COC(N)=O"),
    ("isocyanate", "CN=C=O"), ("nitrate_ester", "CO[N+](=O)[O-]"), ("nitrosobenzene", "O=Nc1ccccc1"),
    # charged
    ("methylammonium", "C[NH3+]"), ("tetramethylammonium", "C[N+](C)(C)C"), ("acetate", "CC(=O)[O-]"),
    ("benzoate", "[O-]C(=O)c1ccccc1"), ("glycine_zwitterion", "[NH3+]CC(=O)[O-]"),
    ("guanidinium", "NC(N)=[NH2+]"), ("amidinium", "CC(N)=[NH2+]"), ("methoxide", "C[O-]"),
    ("phenolate", "[O-]c1ccccc1"), ("iminium", "C=[N+](C)C"), ("dimethylammonium", "C[NH2+]C"),
    ("piperidinium", "C1CC[NH2+]CC1"), ("methylsulfonate", "CS(=O)(=O)[O-]"),
    ("methylphosphate_dianion", "COP(=O)([O-])[O-]"), ("tetrazolide", "c1nnn[n-]1"),
    # sulfur
    ("methanethiol", "CS"), ("dimethyl_sulfide", "CSC"), ("dimethyl_disulfide", "CSSC"),
    ("dimethyl_sulfoxide", "CS(C)=O"), ("dimethyl_sulfone", "CS(C)(=O)=O"), ("methanesulfonamide", "CS(N)(=O)=O"),
    ("benzenesulfonamide", "NS(=O)(=O)c1ccccc1"), ("n_methyl_sulfonamide", "CNS(=O)(=O)c1ccc(C)cc1"),
    ("thioacetamide", "CC(N)=S"), ("methyl_sulfate", "COS(=O)(=O)O"), ("thiophenol", "Sc1ccccc1"),
    # phosphorus
    ("trimethyl_phosphate", "COP(=O)(OC)OC"), ("dimethyl_phosphate", "COP(=O)(O)OC"), ("phosphoric_acid", "OP(O)(O)=O"),
    ("trimethylphosphine", "CP(C)C"), ("methylphosphonic_acid", "CP(=O)(O)O"),
    # halogens
    ("fluoromethane", "CF"), ("trifluoromethane", "FC(F)F"), ("fluorobenzene", "Fc1ccccc1"),
    ("chloroform", "ClC(Cl)Cl"), ("chlorobenzene", "Clc1ccccc1"), ("bromoethane", "CCBr"),
    ("bromobenzene", "Brc1ccccc1"), ("iodomethane", "CI"), ("iodobenzene", "Ic1ccccc1"),
    ("trifluoroacetic_acid", "OC(=O)C(F)(F)F"), ("vinyl_chloride", "C=CCl"), ("acetyl_chloride", "CC(Cl)=O"),
    # drug-like and conjugated
    ("aspirin", "CC(=O)Oc1ccccc1C(=O)O"), ("paracetamol", "CC(=O)Nc1ccc(O)cc1"),
    ("ibuprofen", "CC(C)Cc1ccc(cc1)C(C)C(=O)O"), ("caffeine", "Cn1cnc2c1c(=O)n(C)c(=O)n2C"),
    ("nicotine", "CN1CCCC1c1cccnc1"), ("sulfamethoxazole", "Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1"),
    ("cinnamaldehyde", "O=CC=Cc1ccccc1"), ("retinal_fragment", "CC(C=CC=C(C)C=O)=CC"),
    ("chalcone", "O=C(C=Cc1ccccc1)c1ccccc1"), ("phenylalanine_zwitterion", "[NH3+]C(Cc1ccccc1)C(=O)[O-]"),
    ("lidocaine", "CCN(CC)CC(=O)Nc1c(C)cccc1C"), ("benzamide", "NC(=O)c1ccccc1"),
    ("fluoxetine_fragment", "CNCCC(Oc1ccc(cc1)C(F)(F)F)c1ccccc1"), ("quinone", "O=C1C=CC(=O)C=C1"),
    ("coumarin", "O=c1ccc2ccccc2o1"), ("thiamine_fragment", "Cc1ncc(C[n+]2csc(CCO)c2C)c(N)n1"),
]


def well_conditioned(mol, conf):
    """False if a non-linear centre has a (near) straight bond angle, where torsions and out-of-plane angles are
    undefined and no gradient (RDKit's included) is meaningful."""
    for atom in mol.GetAtoms():
        if atom.GetHybridization() == Chem.HybridizationType.SP:
            continue
        nbrs = [n.GetIdx() for n in atom.GetNeighbors()]
        for a in range(len(nbrs)):
            for b in range(a + 1, len(nbrs)):
                if rdMolTransforms.GetAngleDeg(conf, nbrs[a], atom.GetIdx(), nbrs[b]) > 170.0:
                    return False
    return True


def conformers(mol, rng):
    """Yields (kind, coordinates) for an embedded, a minimized and a perturbed conformer."""
    params = AllChem.ETKDGv3()
    params.randomSeed = SEED
    cids = [c for c in AllChem.EmbedMultipleConfs(mol, numConfs=6, params=params)
            if well_conditioned(mol, mol.GetConformer(c))]
    if len(cids) < 2:
        raise RuntimeError("embedding failed for " + Chem.MolToSmiles(mol))
    embedded = mol.GetConformer(cids[0]).GetPositions()
    props = ffh.MMFFGetMoleculeProperties(mol, mmffVariant="MMFF94")
    ff = ffh.MMFFGetMoleculeForceField(mol, props, confId=cids[1], ignoreInterfragInteractions=False)
    ff.Minimize(maxIts=2000)
    minimized = np.array(ff.Positions()).reshape(-1, 3)
    perturbed = minimized + rng.normal(scale=0.08, size=minimized.shape)
    return [("embedded", embedded), ("minimized", minimized), ("perturbed", perturbed)]


def evaluate(mol, xyz):
    """RDKit MMFF94 (total, per-term energies, gradient) at xyz (Angstrom), kcal/mol and kcal/mol/A."""
    conf = Chem.Conformer(mol.GetNumAtoms())
    for i, p in enumerate(xyz):
        conf.SetAtomPosition(i, p.tolist())
    probe = Chem.Mol(mol)
    probe.RemoveAllConformers()
    cid = probe.AddConformer(conf, assignId=True)

    def field(enabled):
        props = ffh.MMFFGetMoleculeProperties(probe, mmffVariant="MMFF94")
        props.SetMMFFDielectricModel()  # 1 = constant dielectric
        props.SetMMFFDielectricConstant(1.0)
        for setter in SETTERS:
            getattr(props, setter)(enabled is None or setter == enabled)
        return ffh.MMFFGetMoleculeForceField(probe, props, confId=cid, nonBondedThresh=1.0e4,
                                            ignoreInterfragInteractions=False)

    full = field(None)
    total = full.CalcEnergy()
    gradient = np.array(full.CalcGrad()).reshape(-1, 3)
    terms = [field(setter).CalcEnergy() for setter in SETTERS]
    return total, terms, gradient


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mmff")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    writer = Chem.SDWriter(os.path.join(out, "reference.sdf"))
    writer.SetKekulize(True)
    rows, gradients, types = [], [], []
    offset = 0
    for index, (name, smiles) in enumerate(MOLECULES):
        mol = Chem.AddHs(Chem.MolFromSmiles(smiles))
        props = ffh.MMFFGetMoleculeProperties(mol, mmffVariant="MMFF94")
        if props is None:
            raise RuntimeError("RDKit cannot type " + name)
        for atom in mol.GetAtoms():
            types.append((index, atom.GetIdx(), props.GetMMFFAtomType(atom.GetIdx()),
                          "%.6f" % props.GetMMFFPartialCharge(atom.GetIdx())))
        for kind, xyz in conformers(mol, rng):
            xyz = np.round(xyz, 4)
            total, terms, gradient = evaluate(mol, xyz)
            if abs(total - sum(terms)) > 1e-6 * max(1.0, abs(total)):
                raise RuntimeError("terms do not add up for " + name)
            record = Chem.Mol(mol)
            record.RemoveAllConformers()
            conf = Chem.Conformer(mol.GetNumAtoms())
            for i, p in enumerate(xyz):
                conf.SetAtomPosition(i, p.tolist())
            record.AddConformer(conf)
            record.SetProp("_Name", name)
            record.SetProp("molecule", str(index))
            record.SetProp("conformer", kind)
            record.SetProp("smiles", smiles)
            writer.write(record)
            rows.append([len(rows), index, name, kind, offset, mol.GetNumAtoms(), total] + terms)
            gradients.append(gradient)
            offset += mol.GetNumAtoms()
    writer.close()
    with open(os.path.join(out, "energies.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["record", "molecule", "name", "conformer", "atom_offset", "atoms", "total"] + TERMS)
        for r in rows:
            w.writerow(r[:6] + ["%.10f" % v for v in r[6:]])
    np.save(os.path.join(out, "gradients.npy"), np.concatenate(gradients).astype(np.float64))
    with open(os.path.join(out, "atom_types.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["molecule", "atom", "type", "charge"])
        w.writerows(types)
    print("%d molecules, %d records, %d atoms" % (len(MOLECULES), len(rows), offset))


if __name__ == "__main__":
    main()
