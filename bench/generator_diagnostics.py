"""Where does a trained Boltzmann generator lose importance-sampling efficiency?

Compares the samples of a finished `boltzflow` run (samples.dcd, log_weights.npy, energies.npy, model.json) with
the reference MD frames of its cache, term by term and coordinate by coordinate:

1. Energies per force group (bond, angle, torsion, Lennard-Jones, Coulomb, GB) with OpenMM (prmtop, NoCutoff, the
   run's implicit solvent, no constraints), checked against the run's energies.npy; means and standard deviations
   for the flow samples (unweighted), the flow samples importance-reweighted, and the MD frames; per bond, angle
   and torsion term the excess mean energy of the flow over MD.
2. Marginals of every bond length and bond angle of the force field (std ratio flow/MD, mean shift, the
   Gaussian estimate of the log E_q[w^2] each marginal alone costs) and of every Z-matrix dihedral of the flow's
   coordinate layer (histogram KL over 36 bins, rotamer populations), and the joint rotamer populations of every
   pair of wide (circular) dihedrals.
3. What explains the log weights: R^2 of linear regressions of log w on the group energies and on the
   deviations |x - mean_MD| / std_MD of groups of internal coordinates, and the share of Var(log w) carried by
   each energy group, Cov(log w, -E_g/kT) / Var(log w).
4. Heavy-atom contacts beyond 1-4: the pairs whose contact population (d < --contact) the flow gets most
   wrong; for a group of pairs (--contact-pairs, e.g. the partners of a salt bridge, by default the worst pairs)
   the histogram of their minimum distance, the weight and ESS in and out of contact over all samples, and what
   explains log w out of contact.

The reweighted statistics use --top draws (with replacement) from all samples in proportion to their importance
weights, which represent the reweighted ensemble whatever the ESS (but hold no more information than the ESS).
Samples with energy above --energy-cap (kJ/mol; default the highest MD energy + 200: clashes) are counted and
left out of the unweighted statistics and the regressions.

Run with the system Python (OpenMM 7.7, ParmEd, NumPy), e.g.

    nice -n 19 /usr/bin/python3 bench/generator_diagnostics.py --run /path/to/run \\
        --md /path/to/cache/md-<key>.npy --prmtop data/peptide-kd/peptide-kd.prmtop --samples 4000 \\
        --contact-pairs 20-34,20-35,20-29,20-36 --json diagnostics.json

(for the Lys-Asp peptide the pairs are Lys NZ with Asp OD1, OD2 and the C-terminal O, OXT: its salt bridge).
About 1.5 min of one core for 4000 samples and 4000 MD frames.

It prints Markdown tables to standard output; --json also writes the numbers.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import openmm
import openmm.app as app
import openmm.unit as u
import parmed

KB_KJ = 0.0083144626181532  # kJ/(mol K)
KCAL = 4.184
SOLVENTS = {"vacuum": None, "obc1": app.OBC1, "obc2": app.OBC2}
GROUPS = ("bond", "angle", "torsion", "lj", "coulomb", "gb")


# ---------------------------------------------------------------- input

def read_dcd(path, frames):
    """Coordinates (len(frames), atoms, 3) in the file's units of the selected frames of a CHARMM/NAMD DCD."""
    with open(path, "rb") as f:
        def record():
            size = np.frombuffer(f.read(4), "<i4")[0]
            body = f.read(size)
            if np.frombuffer(f.read(4), "<i4")[0] != size:
                raise ValueError(f"{path}: corrupt Fortran record")
            return body
        head = record()
        if head[:4] != b"CORD":
            raise ValueError(f"{path}: not a DCD file (no CORD header)")
        icntrl = np.frombuffer(head[4:84], "<i4")
        nset, has_cell = icntrl[0], icntrl[10]
        record()  # title
        natom = np.frombuffer(record(), "<i4")[0]
        start = f.tell()
    frame_bytes = (56 if has_cell else 0) + 3 * (4 * natom + 8)
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=start, shape=(nset, frame_bytes))
    out = np.empty((len(frames), natom, 3))
    skip = 56 if has_cell else 0
    for row, i in enumerate(frames):
        block = np.asarray(data[i, skip:])
        for axis in range(3):
            o = axis * (4 * natom + 8) + 4
            out[row, :, axis] = np.frombuffer(block[o:o + 4 * natom].tobytes(), "<f4")
    return out, int(nset)


def load_zmatrix(model_path):
    layer = json.load(open(model_path))["architecture"]["layers"][-1]
    if "zmatrix" not in layer:
        raise ValueError(f"{model_path}: the last layer has no Z-matrix")
    z = layer["zmatrix"]
    return z["fixedAtoms"], [tuple(e) for e in z["entries"]], set(layer.get("narrowDihedrals", []))


# ---------------------------------------------------------------- geometry

def distances(x, i, j):
    return np.linalg.norm(x[:, i] - x[:, j], axis=-1)


def angles(x, i, j, k):
    a, b = x[:, i] - x[:, j], x[:, k] - x[:, j]
    c = (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)
    return np.arccos(np.clip(c, -1, 1))


def dihedrals(x, i, j, k, l):
    b0, b1, b2 = x[:, j] - x[:, i], x[:, k] - x[:, j], x[:, l] - x[:, k]
    n1, n2 = np.cross(b0, b1), np.cross(b1, b2)
    m = np.cross(n1, b1 / np.linalg.norm(b1, axis=-1, keepdims=True))
    return np.arctan2((m * n2).sum(-1), (n1 * n2).sum(-1))


def wrap(a):
    return (a + np.pi) % (2 * np.pi) - np.pi


# ---------------------------------------------------------------- energies

class Energies:
    """Force-group energies with OpenMM and per-term bonded energies with NumPy, kJ/mol, positions in nm."""

    def __init__(self, prmtop_path, solvent):
        self.structure = parmed.load_file(prmtop_path)
        prmtop = app.AmberPrmtopFile(prmtop_path)
        self.contexts = []
        for lj_only in (False, True):
            system = prmtop.createSystem(nonbondedMethod=app.NoCutoff, constraints=None,
                                         implicitSolvent=SOLVENTS[solvent])
            for force in system.getForces():
                name = type(force).__name__
                group = {"HarmonicBondForce": 0, "HarmonicAngleForce": 1, "PeriodicTorsionForce": 2,
                         "NonbondedForce": 3}.get(name, 4)
                force.setForceGroup(group)
                if lj_only and name == "NonbondedForce":
                    for p in range(force.getNumParticles()):
                        q, s, e = force.getParticleParameters(p)
                        force.setParticleParameters(p, 0.0, s, e)
                    for p in range(force.getNumExceptions()):
                        a, b, qq, s, e = force.getExceptionParameters(p)
                        force.setExceptionParameters(p, a, b, 0.0, s, e)
                if not lj_only and name == "NonbondedForce":
                    self.lj_pairs = self._lj_pairs(force)
            platform = openmm.Platform.getPlatformByName("Reference")
            context = openmm.Context(system, openmm.VerletIntegrator(0.001), platform)
            self.contexts.append(context)
        self.names = [f"{a.residue.name}{a.residue.idx + 1}:{a.name}" for a in self.structure.atoms]
        self.hydrogen = np.array([a.element == 1 for a in self.structure.atoms])
        self.bonds = [(b.atom1.idx, b.atom2.idx, b.type.k * KCAL * 100, b.type.req / 10)
                      for b in self.structure.bonds]
        self.angles = [(a.atom1.idx, a.atom2.idx, a.atom3.idx, a.type.k * KCAL, math.radians(a.type.theteq))
                       for a in self.structure.angles]
        self.torsions = [(d.atom1.idx, d.atom2.idx, d.atom3.idx, d.atom4.idx, d.type.phi_k * KCAL, d.type.per,
                          math.radians(d.type.phase), d.improper) for d in self.structure.dihedrals]

    @staticmethod
    def _lj_pairs(force):
        """(i, j, sigma nm, epsilon kJ/mol, is 1-4) of every Lennard-Jones pair of a NonbondedForce."""
        n = force.getNumParticles()
        params = [force.getParticleParameters(p) for p in range(n)]
        special = {}
        for p in range(force.getNumExceptions()):
            a, b, _, sig, eps = force.getExceptionParameters(p)
            special[(min(a, b), max(a, b))] = (sig.value_in_unit(u.nanometer), eps.value_in_unit(u.kilojoule_per_mole))
        pairs = []
        for i in range(n):
            for j in range(i + 1, n):
                if (i, j) in special:
                    sig, eps = special[(i, j)]
                    if eps != 0:
                        pairs.append((i, j, sig, eps, True))
                else:
                    sig = 0.5 * (params[i][1] + params[j][1]).value_in_unit(u.nanometer)
                    eps = math.sqrt((params[i][2] * params[j][2]).value_in_unit(u.kilojoule_per_mole ** 2))
                    if eps != 0:
                        pairs.append((i, j, sig, eps, False))
        return pairs

    def lj_terms(self, x):
        """(frames, pairs) Lennard-Jones energy of every pair of lj_pairs."""
        i, j = (np.array([p[k] for p in self.lj_pairs]) for k in (0, 1))
        sig, eps = (np.array([p[k] for p in self.lj_pairs]) for k in (2, 3))
        s6 = (sig / np.linalg.norm(x[:, i] - x[:, j], axis=-1)) ** 6
        return 4 * eps * (s6 * s6 - s6)

    def groups(self, x):
        """(frames, 6) energies: bond, angle, torsion, LJ, Coulomb (both incl. 1-4), GB."""
        out = np.empty((len(x), 6))
        full, lj = self.contexts
        for n, frame in enumerate(x):
            full.setPositions(frame)
            lj.setPositions(frame)
            e = [full.getState(getEnergy=True, groups={g}).getPotentialEnergy().value_in_unit(u.kilojoule_per_mole)
                 for g in range(5)]
            e_lj = lj.getState(getEnergy=True, groups={3}).getPotentialEnergy().value_in_unit(u.kilojoule_per_mole)
            out[n] = [e[0], e[1], e[2], e_lj, e[3] - e_lj, e[4]]
        return out

    def bond_terms(self, x):
        return np.stack([k * (distances(x, i, j) - r0) ** 2 for i, j, k, r0 in self.bonds], 1)

    def angle_terms(self, x):
        return np.stack([k * (angles(x, i, j, l) - t0) ** 2 for i, j, l, k, t0 in self.angles], 1)

    def torsion_terms(self, x):
        return np.stack([k * (1 + np.cos(n * dihedrals(x, i, j, l, m) - p))
                         for i, j, l, m, k, n, p, _ in self.torsions], 1)


# ---------------------------------------------------------------- statistics

def weighted_mean_std(values, w):
    if w is None:
        return values.mean(0), values.std(0)
    m = (w[:, None] * values).sum(0) if values.ndim == 2 else (w * values).sum()
    v = (w[:, None] * (values - m) ** 2).sum(0) if values.ndim == 2 else (w * (values - m) ** 2).sum()
    return m, np.sqrt(v)


def gaussian_log_w2(r, shift):
    """log E_q[w^2] when q = N(shift * s, (r s)^2) proposes p = N(0, s^2); inf if r^2 <= 1/2."""
    d = 2 * r ** 2 - 1
    return np.where(d > 0, 2 * np.log(r) - 0.5 * np.log(np.maximum(d, 1e-300)) + shift ** 2 / np.maximum(d, 1e-300),
                    np.inf)


def circular_kl(a, b, bins=36, pseudo=0.5):
    """KL(P_a || P_b) of two samples of angles in 36 bins on [-pi, pi), with a pseudo-count per bin."""
    edges = np.linspace(-np.pi, np.pi, bins + 1)
    pa = np.histogram(wrap(a), edges)[0] + pseudo
    pb = np.histogram(wrap(b), edges)[0] + pseudo
    pa, pb = pa / pa.sum(), pb / pb.sum()
    return float((pa * np.log(pa / pb)).sum())


def rotamers(a):
    """Populations of g+ (0, 120), trans (|phi| > 120), g- (-120, 0) degrees."""
    return np.bincount(rotamer_states(a), minlength=3) / len(a)


def rotamer_states(a):
    """0 = g+ (0, 120), 1 = trans (|phi| > 120), 2 = g- (-120, 0) degrees."""
    d = np.degrees(wrap(a))
    return np.where(np.abs(d) >= 120, 1, np.where(d >= 0, 0, 2))


def categorical_kl(a, b, categories, pseudo=0.5):
    """KL(P_a || P_b) of two samples of integer categories 0..categories-1, with a pseudo-count per category."""
    pa = np.bincount(a, minlength=categories) + pseudo
    pb = np.bincount(b, minlength=categories) + pseudo
    pa, pb = pa / pa.sum(), pb / pb.sum()
    return float((pa * np.log(pa / pb)).sum())


def r2(y, features, holdout=False):
    """R^2 of an ordinary least-squares fit of y on the columns of features plus an intercept; with holdout, fitted
    on the even rows and evaluated on the odd ones (out of sample, so extra features cannot inflate it)."""
    a = np.column_stack([np.ones(len(y)), features])
    fit = slice(0, None, 2) if holdout else slice(None)
    test = slice(1, None, 2) if holdout else slice(None)
    coef, *_ = np.linalg.lstsq(a[fit], y[fit], rcond=None)
    res = y[test] - a[test] @ coef
    return 1 - res.var() / y[test].var()


def kish(log_w):
    """Kish effective sample size fraction of log weights."""
    w = np.exp(log_w - log_w.max())
    return w.sum() ** 2 / (w ** 2).sum() / len(w)


# ---------------------------------------------------------------- report

def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(f"{v:.4g}" if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", required=True, help="run directory with samples.dcd, log_weights.npy, energies.npy, "
                   "model.json, config.json")
    p.add_argument("--md", required=True, help="MD cache .npy (frames, atoms, 3) nm at the run's temperature")
    p.add_argument("--prmtop", help="prmtop (default: the run's config.json)")
    p.add_argument("--samples", type=int, default=4000, help="flow samples drawn uniformly (default 4000)")
    p.add_argument("--md-frames", type=int, default=4000, help="MD frames drawn uniformly (default 4000)")
    p.add_argument("--top", type=int, default=3000, help="draws in proportion to the weights for the reweighted "
                   "statistics (default 3000)")
    p.add_argument("--energy-cap", type=float, help="flow samples above this energy (kJ/mol) are left out of the "
                   "unweighted statistics and regressions (default: highest MD frame energy + 200)")
    p.add_argument("--contact", type=float, default=0.32, help="heavy-atom contact distance, nm (default 0.32)")
    p.add_argument("--contact-pairs", help="pairs i-j (0-based atom indices, comma-separated) whose minimum "
                   "distance is analysed over all samples (default: the pairs whose contact population the flow "
                   "gets most wrong)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", help="also write the numbers here")
    a = p.parse_args()

    config = json.load(open(os.path.join(a.run, "config.json")))
    prmtop = a.prmtop or config["prmtop"]
    kT = KB_KJ * config["temperature"]
    energies = Energies(prmtop, config["solvent"])
    natoms = len(energies.names)
    names = energies.names
    rng = np.random.default_rng(a.seed)
    out = {}

    log_w = np.load(os.path.join(a.run, "log_weights.npy"))
    e_run = np.load(os.path.join(a.run, "energies.npy"))
    n_all = len(log_w)
    w_all = np.exp(log_w - log_w.max())
    w_all /= w_all.sum()
    drawn = rng.choice(n_all, size=a.top, p=w_all)
    top, counts = np.unique(drawn, return_counts=True)
    uniform = np.sort(rng.choice(n_all, min(a.samples, n_all), replace=False))
    md_all = np.load(a.md, mmap_mode="r")
    if md_all.shape[1] != natoms:
        sys.exit(f"{a.md}: {md_all.shape[1]} atoms, the prmtop has {natoms}")
    md = np.asarray(md_all[np.sort(rng.choice(len(md_all), min(a.md_frames, len(md_all)), replace=False))])

    raw_u, nset = read_dcd(os.path.join(a.run, "samples.dcd"), uniform)
    raw_t, _ = read_dcd(os.path.join(a.run, "samples.dcd"), top)
    if nset != n_all:
        sys.exit(f"samples.dcd has {nset} frames, log_weights.npy {n_all}")
    # units: the first bond of the force field against its equilibrium length
    i, j, _, r0 = energies.bonds[0]
    scale = r0 / np.median(distances(raw_u, i, j))
    unit = "A" if abs(scale - 0.1) < 0.01 else ("nm" if abs(scale - 1) < 0.1 else f"x{scale:.3g}")
    factor = 0.1 if unit == "A" else 1.0
    flow, flow_t = raw_u * factor, raw_t * factor
    w_top = counts / counts.sum()
    print(f"# Generator diagnostics: {os.path.basename(os.path.normpath(a.run))}\n")
    print(f"DCD: {nset} frames, {natoms} atoms, unit {unit}. Reverse ESS (Kish) of all {n_all} samples: "
          f"{1 / (w_all ** 2).sum():.1f} samples ({1 / (w_all ** 2).sum() / n_all:.3g}). "
          f"Reweighted statistics: {a.top} draws in proportion to the weights, {len(top)} distinct samples "
          f"(Kish ESS among them {1 / (w_top ** 2).sum():.1f}); uniform subsample {len(uniform)}, "
          f"MD frames {len(md)} of {len(md_all)}.\n")

    # ------------------------------------------------------------ 1. energy groups
    g_flow, g_top, g_md = energies.groups(flow), energies.groups(flow_t), energies.groups(md)
    check = np.abs(g_flow.sum(1) - e_run[uniform])
    ok = e_run[uniform] < 1e4
    print(f"Total energy vs energies.npy (samples below 1e4 kJ/mol): max |diff| {check[ok].max():.3g} kJ/mol, "
          f"median {np.median(check[ok]):.3g}; relative max over all "
          f"{np.max(check / np.maximum(1, np.abs(e_run[uniform]))):.3g}.\n")
    cap = a.energy_cap if a.energy_cap is not None else g_md.sum(1).max() + 200
    keep = e_run[uniform] < cap
    print(f"Flow samples above {cap:g} kJ/mol (clashes, left out of the unweighted means): "
          f"{(~keep).mean():.4f} of the subsample, {(e_run >= cap).mean():.4f} of all.\n")
    rows = []
    sets = {"flow": (g_flow[keep], None), "flow reweighted": (g_top, w_top), "MD": (g_md, None)}
    stats = {k: weighted_mean_std(np.column_stack([v, v[:, 4] + v[:, 5], v.sum(1)]), w) for k, (v, w) in sets.items()}
    for c, name in enumerate(GROUPS + ("coulomb+gb", "total")):
        rows.append([name] + [f"{stats[k][0][c]:.2f} ± {stats[k][1][c]:.2f}" for k in sets]
                    + [float(stats["flow"][0][c] - stats["MD"][0][c]),
                       float(stats["flow reweighted"][0][c] - stats["MD"][0][c])])
    print("## Energy groups (kJ/mol, mean ± std)\n")
    print(table(["group", "flow", "flow reweighted", "MD", "flow−MD", "reweighted−MD"], rows) + "\n")
    print(f"Median total energy: flow {np.median(g_flow.sum(1)):.2f} (all samples of the subsample), "
          f"MD {np.median(g_md.sum(1)):.2f} kJ/mol; mean of energies.npy over all samples below the cap "
          f"{e_run[e_run < cap].mean():.2f}.\n")
    out["groups"] = {k: {"mean": stats[k][0].tolist(), "std": stats[k][1].tolist()} for k in sets}

    # per-term bonded energies
    terms = {}
    for kind, fn, labels in (
            ("bond", energies.bond_terms, [f"{names[i]}-{names[j]}" for i, j, *_ in energies.bonds]),
            ("angle", energies.angle_terms, [f"{names[i]}-{names[j]}-{names[l]}" for i, j, l, *_ in energies.angles]),
            ("torsion", energies.torsion_terms,
             [f"{names[i]}-{names[j]}-{names[l]}-{names[m]} n={n}{' impr' if imp else ''}"
              for i, j, l, m, _, n, _, imp in energies.torsions])):
        ef, em = fn(flow[keep]).mean(0), fn(md).mean(0)
        terms[kind] = (labels, ef, em)
    # hydrogen classes
    hb = np.array([energies.hydrogen[i] or energies.hydrogen[j] for i, j, *_ in energies.bonds])
    ha = np.array([energies.hydrogen[i] or energies.hydrogen[l] for i, _, l, *_ in energies.angles])
    rows = []
    for kind, mask in (("bond", hb), ("angle", ha)):
        _, ef, em = terms[kind]
        for label, m in (("X-H", mask), ("heavy", ~mask)):
            rows.append([f"{kind} {label}", int(m.sum()), float(ef[m].sum()), float(em[m].sum()),
                         float(ef[m].sum() - em[m].sum()), float((ef[m].sum() - em[m].sum()) / m.sum())])
    _, ef, em = terms["torsion"]
    imp = np.array([t[7] for t in energies.torsions])
    for label, m in (("proper", ~imp), ("improper", imp)):
        rows.append([f"torsion {label}", int(m.sum()), float(ef[m].sum()), float(em[m].sum()),
                     float(ef[m].sum() - em[m].sum()), float((ef[m].sum() - em[m].sum()) / max(1, m.sum()))])
    print("## Bonded energy by class (kJ/mol, unweighted flow vs MD means)\n")
    print(table(["class", "terms", "flow", "MD", "excess", "excess/term"], rows) + "\n")
    out["classes"] = rows
    for kind in ("bond", "angle", "torsion"):
        labels, ef, em = terms[kind]
        worst = np.argsort(-(ef - em))[:10]
        print(f"### Worst {kind} terms by mean-energy excess (kJ/mol; kT = {kT:.3f})\n")
        print(table([kind, "flow", "MD", "excess"], [[labels[k], float(ef[k]), float(em[k]), float(ef[k] - em[k])]
                                                     for k in worst]) + "\n")
        out[f"{kind}_terms"] = [[labels[k], float(ef[k]), float(em[k])] for k in range(len(labels))]

    lj_f, lj_m = energies.lj_terms(flow[keep]), energies.lj_terms(md)
    print(f"Lennard-Jones pair sum vs the OpenMM group: max |diff| "
          f"{np.abs(lj_m.sum(1) - g_md[:, 3]).max():.3g} kJ/mol.\n")
    lj_labels = [f"{names[i]}…{names[j]}{' (1-4)' if one_four else ''}" for i, j, _, _, one_four in energies.lj_pairs]
    pair_h = np.array([energies.hydrogen[i] or energies.hydrogen[j] for i, j, *_ in energies.lj_pairs])
    pair_14 = np.array([p[4] for p in energies.lj_pairs])
    rows = []
    for label, m in (("1-4, with H", pair_14 & pair_h), ("1-4, heavy", pair_14 & ~pair_h),
                     ("1-5+, with H", ~pair_14 & pair_h), ("1-5+, heavy", ~pair_14 & ~pair_h)):
        sf, sm = lj_f[:, m].sum(1), lj_m[:, m].sum(1)
        rows.append([label, int(m.sum()), f"{sf.mean():.2f} ± {sf.std():.2f}", f"{sm.mean():.2f} ± {sm.std():.2f}",
                     float(sf.mean() - sm.mean()), float(np.percentile(sf, 99) - np.percentile(sm, 99))])
    print("## Lennard-Jones by pair class (kJ/mol, unweighted flow vs MD)\n")
    print(table(["pairs", "n", "flow", "MD", "excess of mean", "excess of 99th percentile"], rows) + "\n")
    out["lj_classes"] = rows
    excess = lj_f.mean(0) - lj_m.mean(0)
    rows = [[lj_labels[k], float(lj_f[:, k].mean()), float(lj_m[:, k].mean()), float(excess[k]),
             float(np.percentile(lj_f[:, k], 99)), float(np.percentile(lj_m[:, k], 99))]
            for k in np.argsort(-excess)[:15]]
    print("### Worst Lennard-Jones pairs by mean excess (kJ/mol)\n")
    print(table(["pair", "flow mean", "MD mean", "excess", "flow p99", "MD p99"], rows) + "\n")
    out["lj_pairs"] = rows

    # ------------------------------------------------------------ 2. internal coordinates
    fixed, entries, narrow = load_zmatrix(os.path.join(a.run, "model.json"))
    zbonds = {frozenset(e[:2]) for e in entries}
    zangles = {(e[0], e[2]) for e in entries} | {(e[2], e[0]) for e in entries}
    for kind in ("bond", "angle"):
        if kind == "bond":
            spec = [((i, j), f"{names[i]}-{names[j]}", frozenset((i, j)) in zbonds or {i, j} <= set(fixed))
                    for i, j, *_ in energies.bonds]
            f = lambda x, s: distances(x, *s)
        else:
            spec = [((i, j, l), f"{names[i]}-{names[j]}-{names[l]}", (i, l) in zangles or {i, j, l} <= set(fixed))
                    for i, j, l, *_ in energies.angles]
            f = lambda x, s: angles(x, *s)
        vf = np.column_stack([f(flow[keep], s) for s, *_ in spec])
        vm = np.column_stack([f(md, s) for s, *_ in spec])
        mf, sf = vf.mean(0), vf.std(0)
        mm, sm = vm.mean(0), vm.std(0)
        ratio, shift = sf / sm, (mf - mm) / sm
        cost = gaussian_log_w2(ratio, shift)
        rows = []
        for k in np.argsort(-np.abs(np.log(ratio)))[:10]:
            rows.append([spec[k][1], "dof" if spec[k][2] else "implied", float(ratio[k]), float(shift[k]),
                         float(cost[k])])
        dof = np.array([s[2] for s in spec])
        print(f"## {kind.capitalize()}s: std ratio flow/MD\n")
        hmask = np.array([energies.hydrogen[list(s)].any() for s, *_ in spec]) if kind == "bond" else \
            np.array([energies.hydrogen[[s[0], s[2]]].any() for s, *_ in spec])
        summary = []
        for label, m in (("all", np.ones_like(dof)), ("flow dof", dof), ("implied", ~dof), ("X-H", hmask),
                         ("heavy", ~hmask)):
            if m.sum():
                summary.append([label, int(m.sum()), float(np.median(ratio[m])), float(ratio[m].min()),
                                float(ratio[m].max()), float(np.mean(np.abs(shift[m]))),
                                float(np.sum(cost[m]))])
        print(table(["set", "n", "median ratio", "min", "max", "mean |shift|/σ", "Σ Gaussian log E[w²]"], summary)
              + "\n")
        print(table([kind, "kind", "std ratio", "mean shift/σ_MD", "Gaussian log E[w²]"], rows) + "\n")
        out[kind + "_marginals"] = [[s[1], s[2], float(r), float(d)] for s, r, d in zip(spec, ratio, shift)]

    dspec = [((e[0], e[1], e[2], e[3]), f"{names[e[0]]}-{names[e[1]]}-{names[e[2]]}-{names[e[3]]}", n in narrow)
             for n, e in enumerate(entries)]
    df = np.column_stack([dihedrals(flow[keep], *s) for s, *_ in dspec])
    dm = np.column_stack([dihedrals(md, *s) for s, *_ in dspec])
    kl = np.array([circular_kl(dm[:, k], df[:, k]) for k in range(len(dspec))])
    kl_rev = np.array([circular_kl(df[:, k], dm[:, k]) for k in range(len(dspec))])
    # circular spread relative to MD for narrow ones
    def circ_std(v):
        return np.sqrt(-2 * np.log(np.abs(np.exp(1j * v).mean(0))))
    cs_ratio = circ_std(df) / circ_std(dm)
    rows = []
    for k in np.argsort(-kl)[:10]:
        rot_f, rot_m = rotamers(df[:, k]), rotamers(dm[:, k])
        rows.append([dspec[k][1], "narrow" if dspec[k][2] else "wide", float(kl[k]), float(kl_rev[k]),
                     float(cs_ratio[k]), " / ".join(f"{v:.2f}" for v in rot_f),
                     " / ".join(f"{v:.2f}" for v in rot_m)])
    print("## Z-matrix dihedrals: worst 10 by KL(MD || flow), 36 bins\n")
    print(table(["dihedral", "kind", "KL(MD‖flow)", "KL(flow‖MD)", "circ. std ratio", "flow g+/t/g-",
                 "MD g+/t/g-"], rows) + "\n")
    out["dihedrals"] = [[s[1], s[2], float(x), float(y), float(c)] for s, x, y, c in zip(dspec, kl, kl_rev, cs_ratio)]
    print(f"Σ KL(MD‖flow) over dihedrals: {kl.sum():.3f} (narrow {kl[[s[2] for s in dspec]].sum():.3f}, "
          f"wide {kl[[not s[2] for s in dspec]].sum():.3f}).\n")

    # pairs of wide dihedrals: joint rotamer populations
    wide = [k for k in range(len(dspec)) if not dspec[k][2]]
    states_f = {k: rotamer_states(df[:, k]) for k in wide}
    states_m = {k: rotamer_states(dm[:, k]) for k in wide}
    rows = []
    for n1, k in enumerate(wide):
        for l in wide[n1 + 1:]:
            joint = categorical_kl(3 * states_m[k] + states_m[l], 3 * states_f[k] + states_f[l], 9)
            margins = categorical_kl(states_m[k], states_f[k], 3) + categorical_kl(states_m[l], states_f[l], 3)
            rows.append([f"{dspec[k][1]} × {dspec[l][1]}", float(joint), float(margins), float(joint - margins)])
    rows.sort(key=lambda r: -r[1])
    print("## Pairs of wide dihedrals: KL(MD‖flow) of the joint rotamer (g+/t/g−) populations, worst 10\n")
    print("The column 'beyond marginals' is the joint KL minus the two marginal KLs: the part a flow with the right "
          "marginals but independent dihedrals would still get wrong.\n")
    print(table(["pair", "joint KL", "marginal KLs", "beyond marginals"], rows[:10]) + "\n")
    out["dihedral_pairs"] = rows

    # ------------------------------------------------------------ 3. what explains log w
    lw = log_w[uniform][keep]
    g = g_flow[keep]
    neg_beta_e = -g / kT
    minus_log_q = lw - neg_beta_e.sum(1)  # log w = -E/kT - log q (+ const)
    var = lw.var()
    rows = []

    def group_row(name, values):
        values = values if values.ndim == 2 else values[:, None]
        single = values.shape[1] == 1
        return [name, float(np.corrcoef(lw, values[:, 0])[0, 1]) if single else "", float(r2(lw, values)),
                float(r2(lw, values, holdout=True)),
                float(np.cov(lw, -values.sum(1) / kT)[0, 1] / var) if single else ""]
    for c, name in enumerate(GROUPS):
        rows.append(group_row(name, g[:, c]))
    rows.append(group_row("coulomb+gb", g[:, 4] + g[:, 5]))
    rows.append(group_row("total E", g.sum(1)))
    rows.append(group_row("all six groups", g))
    mlq = group_row("-log q", minus_log_q)
    mlq[4] = float(np.cov(lw, minus_log_q)[0, 1] / var)
    rows.append(mlq)
    print(f"## log w vs energy groups (flow samples below the cap, n = {len(lw)}, std(log w) = {np.sqrt(var):.2f}, "
          f"Kish ESS of this subsample {kish(lw):.3g})\n")
    print("share = Cov(log w, −E_g/kT)/Var(log w); the shares of the six groups and of −log q sum to 1. "
          "R² holdout: fitted on half, evaluated on the other half.\n")
    print(table(["features", "corr", "R²", "R² holdout", "share of Var(log w)"], rows) + "\n")
    beta_e = g.sum(1) / kT
    print(f"std(E/kT) {beta_e.std():.2f}, std(log q) {minus_log_q.std():.2f}, corr(E/kT, log q) "
          f"{np.corrcoef(beta_e, -minus_log_q)[0, 1]:.4f}; central 90 % of log w: std "
          f"{np.std(np.sort(lw)[len(lw) // 20:-len(lw) // 20]):.2f}.\n")
    out["logw_groups"] = rows

    # deviations of internal coordinates
    def dev(vf_, vm_):
        return np.abs(vf_ - vm_.mean(0)) / vm_.std(0)
    bf = np.column_stack([distances(flow[keep], i, j) for i, j, *_ in energies.bonds])
    bm = np.column_stack([distances(md, i, j) for i, j, *_ in energies.bonds])
    af = np.column_stack([angles(flow[keep], i, j, l) for i, j, l, *_ in energies.angles])
    am = np.column_stack([angles(md, i, j, l) for i, j, l, *_ in energies.angles])
    db, da = dev(bf, bm), dev(af, am)
    circ_mean = np.angle(np.exp(1j * dm).mean(0))
    dd = np.abs(wrap(df - circ_mean)) / circ_std(dm)
    blabels = [f"{names[i]}-{names[j]}" for i, j, *_ in energies.bonds]
    alabels = [f"{names[i]}-{names[j]}-{names[l]}" for i, j, l, *_ in energies.angles]
    dlabels = [s[1] for s in dspec]
    narrow_mask = np.array([s[2] for s in dspec])
    rows = []
    for label, feats in (("bond deviations² (all)", db ** 2), ("bond deviations² X-H", db[:, hb] ** 2),
                         ("bond deviations² heavy", db[:, ~hb] ** 2), ("angle deviations² (all)", da ** 2),
                         ("angle deviations² X-H", da[:, ha] ** 2), ("angle deviations² heavy", da[:, ~ha] ** 2),
                         ("narrow dihedral deviations²", dd[:, narrow_mask] ** 2),
                         ("wide dihedrals (cos, sin)", np.column_stack([np.cos(df[:, ~narrow_mask]),
                                                                         np.sin(df[:, ~narrow_mask])])),
                         ("bonds + angles", np.column_stack([db ** 2, da ** 2])),
                         ("bonds + angles + narrow dihedrals", np.column_stack([db ** 2, da ** 2,
                                                                                dd[:, narrow_mask] ** 2])),
                         ("all of the above", np.column_stack([db ** 2, da ** 2, dd[:, narrow_mask] ** 2,
                                                               np.cos(df[:, ~narrow_mask]),
                                                               np.sin(df[:, ~narrow_mask])]))):
        rows.append([label, feats.shape[1], float(r2(lw, feats)), float(r2(lw, feats, holdout=True))])
    print("## log w vs internal-coordinate deviations ((x − mean_MD)/std_MD)², linear least squares R²\n")
    print(table(["features", "count", "R²", "R² holdout"], rows) + "\n")
    out["logw_coordinates"] = rows
    allf = np.column_stack([db, da, dd])
    alll = ["bond " + s for s in blabels] + ["angle " + s for s in alabels] + ["dihedral " + s for s in dlabels]
    corr = np.array([np.corrcoef(lw, allf[:, k])[0, 1] for k in range(allf.shape[1])])
    rows = [[alll[k], float(corr[k]), float(corr[k] ** 2)] for k in np.argsort(corr)[:15]]
    print("### Single coordinates whose deviation correlates most negatively with log w\n")
    print(table(["coordinate", "corr(log w, |dev|)", "R²"], rows) + "\n")
    out["logw_single"] = rows
    corr = np.array([np.corrcoef(lw, lj_f[:, k])[0, 1] if lj_f[:, k].std() > 0 else 0.0
                     for k in range(lj_f.shape[1])])
    rows = [[lj_labels[k], float(corr[k]), float(lj_f[:, k].std()), float(lj_m[:, k].std())]
            for k in np.argsort(corr)[:15]]
    print("### Lennard-Jones pairs whose energy correlates most negatively with log w\n")
    print(table(["pair", "corr(log w, E_pair)", "flow std", "MD std"], rows) + "\n")
    out["logw_lj_pairs"] = rows

    # ------------------------------------------------------------ 4. heavy-atom contacts
    heavy_pairs = [(i, j) for i, j, _, _, one_four in energies.lj_pairs
                   if not one_four and not energies.hydrogen[i] and not energies.hydrogen[j]]
    pi, pj = np.array(heavy_pairs).T
    d_f = np.linalg.norm(flow[keep][:, pi] - flow[keep][:, pj], axis=-1)
    d_m = np.linalg.norm(md[:, pi] - md[:, pj], axis=-1)
    d_t = np.linalg.norm(flow_t[:, pi] - flow_t[:, pj], axis=-1)
    contact = a.contact
    c_f, c_m, c_t = (d_f < contact).mean(0), (d_m < contact).mean(0), (w_top[:, None] * (d_t < contact)).sum(0)
    worst = np.argsort(-np.abs(c_f - c_m))[:12]
    rows = [[f"{names[pi[k]]}…{names[pj[k]]}", float(c_f[k]), float(c_m[k]), float(c_t[k]),
             float(np.median(d_f[:, k])), float(np.median(d_m[:, k]))] for k in worst]
    print(f"## Heavy-atom contacts (1-5 and beyond): population of d < {contact} nm, worst 12 by |flow − MD|\n")
    print(table(["pair", "flow", "MD", "flow reweighted", "median d flow", "median d MD"], rows) + "\n")
    delta = np.abs(c_f - c_m)
    if a.contact_pairs:
        where = {pair: k for k, pair in enumerate(heavy_pairs)}
        group = []
        for text in a.contact_pairs.split(","):
            i, j = sorted(int(v) for v in text.split("-"))
            if (i, j) not in where:
                sys.exit(f"--contact-pairs: {text} is not a heavy-atom pair beyond 1-4")
            group.append(where[(i, j)])
    else:
        group = [k for k in worst if delta[k] >= delta[worst[0]] / 3]
    label = ", ".join(f"{names[pi[k]]}…{names[pj[k]]}" for k in group)
    edges = np.array([0, 0.26, 0.28, 0.30, 0.32, 0.35, 0.40, 0.50, 0.60, 0.80, 1.0, 2.0])
    minima = [d[:, group].min(1) for d in (d_f, d_m, d_t)]
    hist = [np.histogram(minima[0], edges)[0] / len(minima[0]), np.histogram(minima[1], edges)[0] / len(minima[1]),
            np.histogram(minima[2], edges, weights=w_top)[0]]
    rows = [[f"{edges[b]:.2f}–{edges[b + 1]:.2f}"] + [float(h[b]) for h in hist] for b in range(len(edges) - 1)]
    print(f"### Minimum distance over {label} (nm): populations\n")
    print(table(["bin", "flow", "MD", "flow reweighted"], rows) + "\n")
    in_contact = minima[0] < contact
    print(f"Contact (< {contact} nm) population: flow {in_contact.mean():.4f}, MD {(minima[1] < contact).mean():.4f}, "
          f"flow reweighted {(w_top * (minima[2] < contact)).sum():.4f}. Median log w of the subsample in / out of "
          f"contact: {np.median(lw[in_contact]) if in_contact.any() else float('nan'):.2f} / "
          f"{np.median(lw[~in_contact]):.2f}; Kish ESS in "
          f"{kish(lw[in_contact]) if in_contact.any() else float('nan'):.3g} "
          f"({in_contact.sum()} samples), out {kish(lw[~in_contact]):.3g}, all {kish(lw):.3g}.\n")
    out["contacts"] = rows

    # what explains log w away from the contact
    off = ~in_contact
    lw_off, g_off, var_off = lw[off], g[off], lw[off].var()
    lj_classes = (("LJ 1-4", pair_14), ("LJ 1-5+ with H", ~pair_14 & pair_h), ("LJ 1-5+ heavy", ~pair_14 & ~pair_h))
    rows = [[name, float(np.cov(lw_off, -g_off[:, c] / kT)[0, 1] / var_off),
             float(np.corrcoef(lw_off, g_off[:, c])[0, 1])] for c, name in enumerate(GROUPS)]
    cgb = g_off[:, 4] + g_off[:, 5]
    rows.append(["coulomb+gb", float(np.cov(lw_off, -cgb / kT)[0, 1] / var_off), float(np.corrcoef(lw_off, cgb)[0, 1])])
    for name, m in lj_classes:
        v = lj_f[off][:, m].sum(1)
        rows.append([name, float(np.cov(lw_off, -v / kT)[0, 1] / var_off), float(np.corrcoef(lw_off, v)[0, 1])])
    print(f"### log w out of contact (n = {off.sum()}, std(log w) {lw_off.std():.2f}): share of Var(log w) per group\n")
    print(table(["group", "share", "corr"], rows) + "\n")
    out["logw_groups_out_of_contact"] = rows

    # the contact over all samples: weight mass and ESS within and without
    everything, _ = read_dcd(os.path.join(a.run, "samples.dcd"), np.arange(n_all))
    d_all = np.min(np.stack([distances(everything * factor, pi[k], pj[k]) for k in group]), 0)
    del everything
    c_all = d_all < contact
    ranked = np.argsort(-w_all)
    print(f"All {n_all} samples: in contact {c_all.mean():.4f} (MD {(minima[1] < contact).mean():.4f}), carrying "
          f"{w_all[c_all].sum():.3f} of the weight; Kish ESS (samples) in contact "
          f"{kish(log_w[c_all]) * c_all.sum() if c_all.any() else 0:.1f} of {c_all.sum()}, out of contact "
          f"{kish(log_w[~c_all]) * (~c_all).sum():.1f} of {(~c_all).sum()}; in contact among the top 10 / 100 / 1000 "
          f"weights: {c_all[ranked[:10]].mean():.2f} / {c_all[ranked[:100]].mean():.2f} / "
          f"{c_all[ranked[:1000]].mean():.2f}.\n")
    out["contact_split"] = {"flow": float(c_all.mean()), "md": float((minima[1] < contact).mean()),
                            "weight": float(w_all[c_all].sum())}

    if a.json:
        with open(a.json + ".tmp", "w") as fh:
            json.dump(out, fh, indent=1)
        os.replace(a.json + ".tmp", a.json)


if __name__ == "__main__":
    main()
