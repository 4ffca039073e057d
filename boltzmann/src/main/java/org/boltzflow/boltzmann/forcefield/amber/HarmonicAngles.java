package org.boltzflow.boltzmann.forcefield.amber;

/** Harmonic angles E = k (θ - θ0)², in OpenMM units (k in kJ/mol/rad²). */
final class HarmonicAngles implements EnergyTerm {
    private final int[] atoms;
    private final double[] k;
    private final double[] theta0;

    HarmonicAngles(Prmtop p) {
        int n = p.angles().size();
        atoms = new int[3 * n];
        k = new double[n];
        theta0 = new double[n];
        for (int a = 0; a < n; a++) {
            Prmtop.Angle angle = p.angles().get(a);
            atoms[3 * a] = angle.i();
            atoms[3 * a + 1] = angle.j();
            atoms[3 * a + 2] = angle.k();
            k[a] = p.angleK()[angle.type()] * AmberUnits.KJ_PER_KCAL;
            theta0[a] = p.angleTheta0()[angle.type()];
        }
    }

    @Override
    public String name() {
        return "angle";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        double energy = 0;
        for (int a = 0; a < k.length; a++) {
            int i = 3 * atoms[3 * a];
            int j = 3 * atoms[3 * a + 1];
            int l = 3 * atoms[3 * a + 2];
            double ax = xyz[i] - xyz[j];
            double ay = xyz[i + 1] - xyz[j + 1];
            double az = xyz[i + 2] - xyz[j + 2];
            double cx = xyz[l] - xyz[j];
            double cy = xyz[l + 1] - xyz[j + 1];
            double cz = xyz[l + 2] - xyz[j + 2];
            double aa = ax * ax + ay * ay + az * az;
            double cc = cx * cx + cy * cy + cz * cz;
            double dot = ax * cx + ay * cy + az * cz;
            double px = ay * cz - az * cy;
            double py = az * cx - ax * cz;
            double pz = ax * cy - ay * cx;
            double cross = Math.sqrt(px * px + py * py + pz * pz);
            double theta = Math.atan2(cross, dot);
            double delta = theta - theta0[a];
            energy += k[a] * delta * delta;
            if (cross < 1e-300) {
                continue; // collinear: the gradient direction is undefined, the energy is exact
            }
            // dθ/da = (a·c a/|a|² - c) / (|a| |c| sinθ) = (dot a / aa - c) / cross, likewise for c
            double dEdTheta = 2 * k[a] * delta;
            double fa = -dEdTheta / cross;
            double gix = fa * (dot * ax / aa - cx);
            double giy = fa * (dot * ay / aa - cy);
            double giz = fa * (dot * az / aa - cz);
            double gkx = fa * (dot * cx / cc - ax);
            double gky = fa * (dot * cy / cc - ay);
            double gkz = fa * (dot * cz / cc - az);
            forces[i] += gix;
            forces[i + 1] += giy;
            forces[i + 2] += giz;
            forces[l] += gkx;
            forces[l + 1] += gky;
            forces[l + 2] += gkz;
            forces[j] -= gix + gkx;
            forces[j + 1] -= giy + gky;
            forces[j + 2] -= giz + gkz;
        }
        return energy;
    }
}
