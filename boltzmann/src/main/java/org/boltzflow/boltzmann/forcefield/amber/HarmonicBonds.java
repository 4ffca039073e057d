package org.boltzflow.boltzmann.forcefield.amber;

/** Harmonic bonds E = k (r - r0)², in OpenMM units (k in kJ/mol/nm², r0 in nm). */
final class HarmonicBonds implements EnergyTerm {
    private final int[] atoms;
    private final double[] k;
    private final double[] r0;

    HarmonicBonds(Prmtop p) {
        int n = p.bonds().size();
        atoms = new int[2 * n];
        k = new double[n];
        r0 = new double[n];
        double kScale = AmberUnits.KJ_PER_KCAL / (AmberUnits.NM_PER_ANGSTROM * AmberUnits.NM_PER_ANGSTROM);
        for (int b = 0; b < n; b++) {
            Prmtop.Bond bond = p.bonds().get(b);
            atoms[2 * b] = bond.i();
            atoms[2 * b + 1] = bond.j();
            k[b] = p.bondK()[bond.type()] * kScale;
            r0[b] = p.bondR0()[bond.type()] * AmberUnits.NM_PER_ANGSTROM;
        }
    }

    @Override
    public String name() {
        return "bond";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        double energy = 0;
        for (int b = 0; b < k.length; b++) {
            int i = 3 * atoms[2 * b];
            int j = 3 * atoms[2 * b + 1];
            double dx = xyz[j] - xyz[i];
            double dy = xyz[j + 1] - xyz[i + 1];
            double dz = xyz[j + 2] - xyz[i + 2];
            double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
            double stretch = r - r0[b];
            energy += k[b] * stretch * stretch;
            AtomForces.addPair(forces, i, j, -2 * k[b] * stretch / r, dx, dy, dz);
        }
        return energy;
    }
}
