package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * MMFF94 buffered 14-7 van der Waals eps (1.07 R* / (r + 0.07 R*))^7 (1.12 R*^7 / (r^7 + 0.12 R*^7) - 2) over the
 * non-bonded pairs.
 */
final class MmffVanDerWaals extends MmffPairTerm {
    // per pair, the parts of the energy that depend on R* alone
    private final double[] aTop; // 1.07 R*
    private final double[] shift; // 0.07 R*
    private final double[] bTop; // 1.12 R*^7
    private final double[] dBTop; // -1.12 R*^7 * 7
    private final double[] bShift; // 0.12 R*^7
    private final double[] epsilon;

    /** Per pair, the minimum-energy distance R*ij (Angstrom) and the well depth (kcal/mol). */
    MmffVanDerWaals(MmffPairs pairs, double[] rStar, double[] epsilon) {
        super("vdw", pairs);
        int n = rStar.length;
        aTop = new double[n];
        shift = new double[n];
        bTop = new double[n];
        dBTop = new double[n];
        bShift = new double[n];
        for (int p = 0; p < n; p++) {
            double rs = rStar[p];
            double rs7 = seventh(rs);
            aTop[p] = 1.07 * rs;
            shift[p] = 0.07 * rs;
            bTop[p] = 1.12 * rs7;
            dBTop[p] = -1.12 * rs7 * 7.0;
            bShift[p] = 0.12 * rs7;
        }
        this.epsilon = epsilon;
    }

    @Override
    double addEnergyAndDerivatives(MmffPairs.Measured measured) {
        double energy = 0;
        for (int p = 0; p < epsilon.length; p++) {
            double r = measured.r[p];
            double buffer = r + shift[p];
            double a7 = seventh(aTop[p] / buffer);
            double r7 = seventh(r);
            double denominator = r7 + bShift[p];
            double b = bTop[p] / denominator - 2.0;
            energy += epsilon[p] * a7 * b;
            double dA7 = -7.0 * a7 / buffer;
            double dB = dBTop[p] * r7 / r / (denominator * denominator);
            measured.dEdr[p] += epsilon[p] * (dA7 * b + a7 * dB);
        }
        return energy;
    }

    private static double seventh(double v) {
        double v2 = v * v;
        return v2 * v2 * v2 * v;
    }
}
