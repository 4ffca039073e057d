package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.boltzmann.coordinates.InternalGradients;

/** MMFF94 out-of-plane bend 0.5 c2 koop chi^2, chi the Wilson angle of j-l against the plane i-j-k, in degrees. */
final class MmffOutOfPlanes extends MmffTerm {
    private final int[] atoms;
    private final double[] koop;

    /** Out-of-plane bends i-j-k;l ({@code atoms}, four each, j central, l out of plane) with force constants. */
    MmffOutOfPlanes(int[] atoms, double[] koop) {
        super("oop");
        this.atoms = atoms;
        this.koop = koop;
    }

    @Override
    double addEnergyAndGradient(double[] x, double[] grad) {
        double energy = 0;
        double[] dSin = new double[12];
        for (int o = 0; o < koop.length; o++) {
            double sinChi = InternalGradients.wilsonSine(x, atoms, 4 * o, dSin);
            double chi = Math.asin(sinChi) * DEG;
            energy += 0.5 * ANGLE_C2 * koop[o] * chi * chi;
            double cosChi = Math.max(Math.sqrt(Math.max(0.0, 1 - sinChi * sinChi)), 1e-8);
            double dEdSin = ANGLE_C2 * koop[o] * chi * DEG / cosChi;
            InternalGradients.addQuad(grad, atoms, 4 * o, dSin, dEdSin);
        }
        return energy;
    }
}
