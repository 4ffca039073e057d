#!/usr/bin/python3
"""boltzflow conformers against RDKit's ETKDG + MMFF94 on drug-like molecules.

For each molecule: RDKit embeds 300 ETKDGv3 conformers and minimizes them with MMFF94 (2 threads); its distinct
conformers are the minima deduplicated greedily by energy at 0.5 A heavy-atom RMSD (symmetry-aware GetBestRMS).
boltzflow runs `conformers` on every molecule in one call (sub-folders per molecule). Reported per molecule:
  (a) our lowest conformer's MMFF94 energy minus RDKit's best (kJ/mol; pass: <= 2),
  (b) coverage: the fraction of RDKit's distinct conformers within 10 kJ/mol of its best that have one of our
      conformers within 0.5 A heavy-atom RMSD, and the reverse (our conformers within 10 kJ/mol of our lowest
      that have an RDKit conformer within 0.5 A),
  (c) the largest |mmff94_energy_kj_mol - RDKit's MMFF94 energy of the record's coordinates| (pass: < 0.01),
  (d) seconds per molecule: ours (search time from metrics.json) and RDKit's (embed + minimize).
Usage: bench/conformers_vs_rdkit.py OUT_DIR [--preset fast] [--boltzflow ./boltzflow] [--limit N] [--rdkit-only]
(RDKit's conformers are kept in OUT_DIR/rdkit/ and reused; --rdkit-only computes just those, e.g. beside a run.)
Run with Debian's /usr/bin/python3 (python3-rdkit).
"""
import argparse
import json
import os
import subprocess
import time

from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, rdMolAlign

RDLogger.DisableLog("rdApp.*")
KCAL = 4.184

# Drug-like molecules with 0-8 rotatable bonds; every stereocentre specified.
MOLECULES = [
    ("ibuprofen", "CC(C)Cc1ccc(cc1)[C@@H](C)C(=O)O"),
    ("paracetamol", "CC(=O)Nc1ccc(O)cc1"),
    ("aspirin", "CC(=O)Oc1ccccc1C(=O)O"),
    ("naproxen", "COc1ccc2cc([C@H](C)C(=O)O)ccc2c1"),
    ("diclofenac", "OC(=O)Cc1ccccc1Nc1c(Cl)cccc1Cl"),
    ("lidocaine", "CCN(CC)CC(=O)Nc1c(C)cccc1C"),
    ("procaine", "CCN(CC)CCOC(=O)c1ccc(N)cc1"),
    ("benzocaine", "CCOC(=O)c1ccc(N)cc1"),
    ("phenacetin", "CCOc1ccc(NC(C)=O)cc1"),
    ("propranolol", "CC(C)NC[C@H](O)COc1cccc2ccccc12"),
    ("ketoprofen", "C[C@H](C(=O)O)c1cccc(c1)C(=O)c1ccccc1"),
    ("flurbiprofen", "C[C@H](C(=O)O)c1ccc(c(F)c1)-c1ccccc1"),
    ("diphenhydramine", "CN(C)CCOC(c1ccccc1)c1ccccc1"),
    ("pseudoephedrine", "CN[C@@H](C)[C@@H](O)c1ccccc1"),
    ("mexiletine", "C[C@@H](N)COc1c(C)cccc1C"),
    ("nicotine", "CN1CCC[C@H]1c1cccnc1"),
    ("bupropion", "C[C@H](NC(C)(C)C)C(=O)c1cccc(Cl)c1"),
    ("phenytoin", "O=C1NC(=O)C(N1)(c1ccccc1)c1ccccc1"),
    ("methylphenidate", "COC(=O)[C@@H](c1ccccc1)[C@@H]1CCCCN1"),
    ("fluoxetine", "CNCC[C@@H](Oc1ccc(cc1)C(F)(F)F)c1ccccc1"),
    ("venlafaxine", "COc1ccc(cc1)[C@@H](CN(C)C)C1(O)CCCCC1"),
    ("tramadol", "CN(C)C[C@H]1CCCC[C@@]1(O)c1cccc(OC)c1"),
]


def heavy(mol, conf_id=-1):
    m = Chem.Mol(mol, confId=conf_id) if conf_id >= 0 else Chem.Mol(mol)
    return Chem.RemoveHs(m)


def dedupe_ok(energy, h, distinct):
    return all(rdMolAlign.GetBestRMS(h, d) >= 0.5 for _, d in distinct)


def rdkit_distinct(smiles, n=300, seed=42):
    t0 = time.time()
    mol = Chem.AddHs(Chem.MolFromSmiles(smiles))
    params = AllChem.ETKDGv3()
    params.randomSeed = seed
    params.numThreads = 2
    ids = list(AllChem.EmbedMultipleConfs(mol, numConfs=n, params=params))
    results = AllChem.MMFFOptimizeMoleculeConfs(mol, numThreads=2, maxIters=5000)
    seconds = time.time() - t0
    energies = [e * KCAL for (_, e) in results]
    order = sorted(range(len(ids)), key=lambda i: energies[i])
    distinct = []
    for i in order:
        h = heavy(mol, ids[i])
        if dedupe_ok(energies[i], h, distinct):
            distinct.append((energies[i], h))
    return distinct, seconds


def rdkit_cached(out, name, smiles):
    """RDKit's distinct conformers of one molecule, computed once and kept in OUT/rdkit/NAME.sdf (+ .json)."""
    folder = os.path.join(out, "rdkit")
    os.makedirs(folder, exist_ok=True)
    sdf, meta = os.path.join(folder, name + ".sdf"), os.path.join(folder, name + ".json")
    if not os.path.exists(meta):
        distinct, seconds = rdkit_distinct(smiles)
        writer = Chem.SDWriter(sdf)
        for energy, h in distinct:
            h.SetProp("energy_kj_mol", repr(energy))
            writer.write(h)
        writer.close()
        with open(meta, "w") as f:
            json.dump({"seconds": seconds, "distinct": len(distinct)}, f)
    with open(meta) as f:
        seconds = json.load(f)["seconds"]
    distinct = [(float(m.GetProp("energy_kj_mol")), m) for m in Chem.SDMolSupplier(sdf)]
    return distinct, seconds


def ours(folder):
    records = []
    for m in Chem.SDMolSupplier(os.path.join(folder, "conformers.sdf"), removeHs=False):
        props = AllChem.MMFFGetMoleculeProperties(m)
        e_rdkit = AllChem.MMFFGetMoleculeForceField(m, props).CalcEnergy() * KCAL
        records.append((float(m.GetProp("mmff94_energy_kj_mol")), e_rdkit, heavy(m)))
    with open(os.path.join(folder, "metrics.json")) as f:
        metrics = json.load(f)
    return records, metrics


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--preset", default="fast")
    ap.add_argument("--boltzflow", default="./boltzflow")
    ap.add_argument("--limit", type=int, default=len(MOLECULES))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rdkit-only", action="store_true", help="only compute (and keep) RDKit's conformers")
    args = ap.parse_args()
    molecules = MOLECULES[:args.limit]
    os.makedirs(args.out, exist_ok=True)
    if args.rdkit_only:
        for name, smi in molecules:
            rdkit_cached(args.out, name, smi)
        return
    runs = os.path.join(args.out, "boltzflow-" + args.preset)
    cmd = args.boltzflow.split() + ["conformers", "--preset", args.preset, "--out", runs, "--threads",
                                    str(args.threads), "--seed", "1"]
    for _, smi in molecules:
        cmd += ["--smiles", smi]
    t0 = time.time()
    subprocess.run(cmd, check=False)
    wall = time.time() - t0
    rows = []
    for index, (name, smi) in enumerate(molecules):
        folder = [os.path.join(runs, d) for d in os.listdir(runs) if d.startswith(str(index) + "-")]
        row = {"name": name, "smiles": smi}
        distinct, rd_seconds = rdkit_cached(args.out, name, smi)
        best = distinct[0][0]
        window = [(e, h) for e, h in distinct if e - best <= 10]
        row["rdkit_seconds"] = rd_seconds
        row["rdkit_distinct_10kj"] = len(window)
        if not folder or not os.path.exists(os.path.join(folder[0], "metrics.json")):
            row["status"] = "failed"
            rows.append(row)
            print(name, "failed")
            continue
        records, metrics = ours(folder[0])
        lowest = min(r[1] for r in records)
        row["seconds"] = metrics["seconds"]
        row["conformers"] = len(records)
        row["lowest_minus_rdkit_best"] = lowest - best
        row["max_energy_diff"] = max(abs(r[0] - r[1]) for r in records)
        covered = sum(1 for _, h in window if any(rdMolAlign.GetBestRMS(r[2], h) < 0.5 for r in records))
        row["coverage"] = covered / len(window)
        mine = [r for r in records if r[1] - lowest <= 10]
        back = sum(1 for r in mine if any(rdMolAlign.GetBestRMS(r[2], h) < 0.5 for _, h in distinct))
        row["ours_10kj"] = len(mine)
        row["reverse_coverage"] = back / len(mine) if mine else float("nan")
        row["status"] = "ok"
        rows.append(row)
        print(json.dumps(row))
    summary = {"preset": args.preset, "molecules": len(molecules), "boltzflow_wall_seconds": wall,
               "load_average": os.getloadavg(), "rows": rows}
    ok = [r for r in rows if r["status"] == "ok"]
    if ok:
        summary["lowest_within_2kj"] = sum(r["lowest_minus_rdkit_best"] <= 2 for r in ok)
        summary["coverage_mean"] = sum(r["coverage"] for r in ok) / len(ok)
        summary["coverage_at_least_80pct"] = sum(r["coverage"] >= 0.8 for r in ok)
        summary["reverse_coverage_mean"] = sum(r["reverse_coverage"] for r in ok) / len(ok)
        summary["max_energy_diff"] = max(r["max_energy_diff"] for r in ok)
        summary["seconds_ours_mean"] = sum(r["seconds"] for r in ok) / len(ok)
        summary["seconds_rdkit_mean"] = sum(r["rdkit_seconds"] for r in ok) / len(ok)
    with open(os.path.join(args.out, "summary-" + args.preset + ".json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
