package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * MMFF94 buffered 14-7 van der Waals eps (1.07 R* / (r + 0.07 R*))^7 (1.12 R*^7 / (r^7 + 0.12 R*^7) - 2) over the
 * non-bonded pairs.
 */
final class MmffVanDerWaals extends MmffPairTerm {
    private final double[] rStar;
    private final double[] epsilon;

    /** Per pair, the minimum-energy distance R*ij (Angstrom) and the well depth (kcal/mol). */
    MmffVanDerWaals(MmffPairs pairs, double[] rStar, double[] epsilon) {
        super("vdw", pairs);
        this.rStar = rStar;
        this.epsilon = epsilon;
    }

    @Override
    double addEnergyAndDerivatives(MmffPairs.Measured measured) {
        double energy = 0;
        for (int p = 0; p < rStar.length; p++) {
            double r = measured.r[p];
            double rs = rStar[p];
            double buffer = r + 0.07 * rs;
            double a7 = seventh(1.07 * rs / buffer);
            double rs7 = seventh(rs);
            double r7 = seventh(r);
            double denominator = r7 + 0.12 * rs7;
            double b = 1.12 * rs7 / denominator - 2.0;
            energy += epsilon[p] * a7 * b;
            double dA7 = -7.0 * a7 / buffer;
            double dB = -1.12 * rs7 * 7.0 * r7 / r / (denominator * denominator);
            measured.dEdr[p] += epsilon[p] * (dA7 * b + a7 * dB);
        }
        return energy;
    }

    private static double seventh(double v) {
        double v2 = v * v;
        return v2 * v2 * v2 * v;
    }
}
