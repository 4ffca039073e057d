package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.boltzmann.coordinates.InternalGradients;

/**
 * MMFF94 cubic angle bend 0.5 c2 ka dtheta^2 (1 + cb dtheta) (dtheta in degrees), or 143.9325 ka (1 + cos theta)
 * at linear centres.
 */
final class MmffAngles extends MmffTerm {
    private static final double CUBIC_BEND = -0.006981317;

    private final int[] atoms;
    private final double[] theta0;
    private final double[] ka;
    private final boolean[] linear;

    /** Angles i-j-k ({@code atoms}, three each): rest angle (degrees), force constant, and linear centre or not. */
    MmffAngles(int[] atoms, double[] theta0, double[] ka, boolean[] linear) {
        super("angle");
        this.atoms = atoms;
        this.theta0 = theta0;
        this.ka = ka;
        this.linear = linear;
    }

    @Override
    double addEnergyAndGradient(double[] x, double[] grad) {
        double energy = 0;
        double[] dTheta = new double[9];
        for (int a = 0; a < ka.length; a++) {
            int i = atoms[3 * a];
            int j = atoms[3 * a + 1];
            int k = atoms[3 * a + 2];
            double theta = InternalGradients.angle(x, i, j, k, dTheta);
            double dEdTheta;
            if (linear[a]) {
                energy += MDYNE * ka[a] * (1 + Math.cos(theta));
                dEdTheta = -MDYNE * ka[a] * Math.sin(theta);
            } else {
                double dt = theta * DEG - theta0[a];
                energy += 0.5 * ANGLE_C2 * ka[a] * dt * dt * (1 + CUBIC_BEND * dt);
                dEdTheta = ANGLE_C2 * ka[a] * dt * (1 + 1.5 * CUBIC_BEND * dt) * DEG;
            }
            InternalGradients.addTriple(grad, i, j, k, dTheta, dEdTheta);
        }
        return energy;
    }
}
