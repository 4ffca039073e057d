package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.boltzmann.coordinates.InternalGradients;

/** MMFF94 quartic bond stretch 143.9325 kb/2 dr^2 (1 + cs dr + 7/12 cs^2 dr^2), cs = -2 per Angstrom. */
final class MmffBonds extends MmffTerm {
    private static final double STRETCH = -2.0;

    private final int[] atoms;
    private final double[] r0;
    private final double[] kb;

    /** Bonds {@code atoms} (two per bond) with rest lengths r0 (Angstrom) and force constants kb (md/Angstrom). */
    MmffBonds(int[] atoms, double[] r0, double[] kb) {
        super("bond");
        this.atoms = atoms;
        this.r0 = r0;
        this.kb = kb;
    }

    /** The rest length of each bond, in Angstrom. */
    double[] restLengths() {
        return r0.clone();
    }

    @Override
    double addEnergyAndGradient(double[] x, double[] grad) {
        double energy = 0;
        double[] d = new double[3];
        for (int b = 0; b < r0.length; b++) {
            int i = atoms[2 * b];
            int j = atoms[2 * b + 1];
            double r = InternalGradients.difference(x, i, j, d);
            double dr = r - r0[b];
            double c = 0.5 * MDYNE * kb[b];
            energy += c * dr * dr * (1 + STRETCH * dr + 7.0 / 12.0 * STRETCH * STRETCH * dr * dr);
            double dEdr = c * (2 * dr + 3 * STRETCH * dr * dr + 7.0 / 3.0 * STRETCH * STRETCH * dr * dr * dr);
            InternalGradients.addPair(grad, i, j, d, dEdr / r);
        }
        return energy;
    }
}
