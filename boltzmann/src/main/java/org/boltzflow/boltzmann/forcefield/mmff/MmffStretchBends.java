package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.boltzmann.coordinates.InternalGradients;

/** MMFF94 stretch-bend 2.51210 (kijk dr_ij + kkji dr_kj) dtheta, dtheta in degrees. */
final class MmffStretchBends extends MmffTerm {
    private final int[] atoms;
    private final double[] r0ij;
    private final double[] r0kj;
    private final double[] theta0;
    private final double[] kijk;
    private final double[] kkji;

    /** Stretch-bends i-j-k ({@code atoms}, three each): rest lengths of i-j and k-j, rest angle, force constants. */
    MmffStretchBends(int[] atoms, double[] r0ij, double[] r0kj, double[] theta0, double[] kijk, double[] kkji) {
        super("stretch_bend");
        this.atoms = atoms;
        this.r0ij = r0ij;
        this.r0kj = r0kj;
        this.theta0 = theta0;
        this.kijk = kijk;
        this.kkji = kkji;
    }

    @Override
    double addEnergyAndGradient(double[] x, double[] grad) {
        double energy = 0;
        double[] dTheta = new double[9];
        double[] dij = new double[3];
        double[] dkj = new double[3];
        double factor = MDYNE / DEG;
        for (int s = 0; s < kijk.length; s++) {
            int i = atoms[3 * s];
            int j = atoms[3 * s + 1];
            int k = atoms[3 * s + 2];
            double rij = InternalGradients.difference(x, i, j, dij);
            double rkj = InternalGradients.difference(x, k, j, dkj);
            double theta = InternalGradients.angle(x, i, j, k, dTheta);
            double dt = theta * DEG - theta0[s];
            double stretch = kijk[s] * (rij - r0ij[s]) + kkji[s] * (rkj - r0kj[s]);
            energy += factor * stretch * dt;
            InternalGradients.addTriple(grad, i, j, k, dTheta, factor * stretch * DEG);
            InternalGradients.addPair(grad, i, j, dij, factor * dt * kijk[s] / rij);
            InternalGradients.addPair(grad, k, j, dkj, factor * dt * kkji[s] / rkj);
        }
        return energy;
    }
}
