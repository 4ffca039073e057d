package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * The seven MMFF94 energy terms with analytic gradients, in MMFF's units: coordinates in Angstrom, energies in
 * kcal/mol, gradients (dE/dx, not forces) in kcal/mol/Angstrom added into {@code grad}. Angles enter the energy in
 * degrees as MMFF defines them.
 */
final class MmffKernels {
    /** 143.9325 kcal/mol per md Angstrom: converts md/Angstrom force constants to kcal/mol/Angstrom^2. */
    static final double MDYNE = 143.9325;
    private static final double DEG = 180.0 / Math.PI;
    private static final double ANGLE_C2 = MDYNE / (DEG * DEG);
    private static final double CUBIC_BEND = -0.006981317;
    private static final double STRETCH = -2.0;

    private MmffKernels() {}

    /** Quartic bond stretch 143.9325 kb/2 dr^2 (1 + cs dr + 7/12 cs^2 dr^2), cs = -2. */
    static double bonds(MmffTerms.Bonds t, double[] x, double[] grad) {
        double energy = 0;
        double[] d = new double[3];
        for (int b = 0; b < t.r0().length; b++) {
            int i = t.atoms()[2 * b];
            int j = t.atoms()[2 * b + 1];
            double r = Geometry.difference(x, i, j, d);
            double dr = r - t.r0()[b];
            double c = 0.5 * MDYNE * t.kb()[b];
            energy += c * dr * dr * (1 + STRETCH * dr + 7.0 / 12.0 * STRETCH * STRETCH * dr * dr);
            double dEdr = c * (2 * dr + 3 * STRETCH * dr * dr + 7.0 / 3.0 * STRETCH * STRETCH * dr * dr * dr);
            Geometry.addPair(grad, i, j, d, dEdr / r);
        }
        return energy;
    }

    /** Cubic angle bend 0.5 c2 ka dtheta^2 (1 + cb dtheta), or 143.9325 ka (1 + cos theta) at linear centres. */
    static double angles(MmffTerms.Angles t, double[] x, double[] grad) {
        double energy = 0;
        double[] dTheta = new double[9];
        for (int a = 0; a < t.ka().length; a++) {
            int i = t.atoms()[3 * a];
            int j = t.atoms()[3 * a + 1];
            int k = t.atoms()[3 * a + 2];
            double theta = Geometry.angle(x, i, j, k, dTheta);
            double dEdTheta;
            if (t.linear()[a]) {
                energy += MDYNE * t.ka()[a] * (1 + Math.cos(theta));
                dEdTheta = -MDYNE * t.ka()[a] * Math.sin(theta);
            } else {
                double dt = theta * DEG - t.theta0()[a];
                energy += 0.5 * ANGLE_C2 * t.ka()[a] * dt * dt * (1 + CUBIC_BEND * dt);
                dEdTheta = ANGLE_C2 * t.ka()[a] * dt * (1 + 1.5 * CUBIC_BEND * dt) * DEG;
            }
            Geometry.addTriple(grad, i, j, k, dTheta, dEdTheta);
        }
        return energy;
    }

    /** Stretch-bend 2.51210 (kijk dr_ij + kkji dr_kj) dtheta, dtheta in degrees. */
    static double stretchBends(MmffTerms.StretchBends t, double[] x, double[] grad) {
        double energy = 0;
        double[] dTheta = new double[9];
        double[] dij = new double[3];
        double[] dkj = new double[3];
        double factor = MDYNE / DEG;
        for (int s = 0; s < t.kijk().length; s++) {
            int i = t.atoms()[3 * s];
            int j = t.atoms()[3 * s + 1];
            int k = t.atoms()[3 * s + 2];
            double rij = Geometry.difference(x, i, j, dij);
            double rkj = Geometry.difference(x, k, j, dkj);
            double theta = Geometry.angle(x, i, j, k, dTheta);
            double dt = theta * DEG - t.theta0()[s];
            double stretch = t.kijk()[s] * (rij - t.r0ij()[s]) + t.kkji()[s] * (rkj - t.r0kj()[s]);
            energy += factor * stretch * dt;
            Geometry.addTriple(grad, i, j, k, dTheta, factor * stretch * DEG);
            Geometry.addPair(grad, i, j, dij, factor * dt * t.kijk()[s] / rij);
            Geometry.addPair(grad, k, j, dkj, factor * dt * t.kkji()[s] / rkj);
        }
        return energy;
    }

    /** Out-of-plane bend 0.5 c2 koop chi^2, chi the Wilson angle of j-l against the plane i-j-k, in degrees. */
    static double outOfPlanes(MmffTerms.OutOfPlanes t, double[] x, double[] grad) {
        double energy = 0;
        double[] dSin = new double[12];
        for (int o = 0; o < t.koop().length; o++) {
            double sinChi = Geometry.wilsonSine(x, t.atoms(), 4 * o, dSin);
            double chi = Math.asin(sinChi) * DEG;
            energy += 0.5 * ANGLE_C2 * t.koop()[o] * chi * chi;
            double cosChi = Math.max(Math.sqrt(Math.max(0.0, 1 - sinChi * sinChi)), 1e-8);
            double dEdSin = ANGLE_C2 * t.koop()[o] * chi * DEG / cosChi;
            Geometry.addQuad(grad, t.atoms(), 4 * o, dSin, dEdSin);
        }
        return energy;
    }

    /** Torsion 0.5 (V1 (1 + cos phi) + V2 (1 - cos 2 phi) + V3 (1 + cos 3 phi)). */
    static double torsions(MmffTerms.Torsions t, double[] x, double[] grad) {
        double energy = 0;
        double[] dPhi = new double[12];
        for (int s = 0; s < t.v1().length; s++) {
            double phi = Geometry.dihedral(x, t.atoms(), 4 * s, dPhi);
            double cos = Math.cos(phi);
            double sin = Math.sin(phi);
            double cos2 = 2 * cos * cos - 1;
            double sin2 = 2 * sin * cos;
            double cos3 = cos * (2 * cos2 - 1);
            double sin3 = sin * (2 * cos2 + 1);
            double v1 = t.v1()[s];
            double v2 = t.v2()[s];
            double v3 = t.v3()[s];
            energy += 0.5 * (v1 * (1 + cos) + v2 * (1 - cos2) + v3 * (1 + cos3));
            double dEdPhi = 0.5 * (-v1 * sin + 2 * v2 * sin2 - 3 * v3 * sin3);
            Geometry.addQuad(grad, t.atoms(), 4 * s, dPhi, dEdPhi);
        }
        return energy;
    }

    /**
     * Buffered 14-7 van der Waals and buffered Coulomb (332.0716 qi qj / (r + 0.05), dielectric 1, 1-4 pairs already
     * scaled by 0.75) over the non-bonded pairs in one pass; returns {vdW, electrostatic} energies.
     */
    static double[] nonbonded(MmffTerms.Pairs t, double[] x, double[] grad) {
        double vdw = 0;
        double electrostatic = 0;
        double[] d = new double[3];
        for (int p = 0; p < t.rStar().length; p++) {
            int i = t.atoms()[2 * p];
            int j = t.atoms()[2 * p + 1];
            double r = Geometry.difference(x, i, j, d);
            double rs = t.rStar()[p];
            double buffer = r + 0.07 * rs;
            double a = 1.07 * rs / buffer;
            double a7 = seventh(a);
            double rs7 = seventh(rs);
            double r7 = seventh(r);
            double denominator = r7 + 0.12 * rs7;
            double b = 1.12 * rs7 / denominator - 2.0;
            double eps = t.epsilon()[p];
            vdw += eps * a7 * b;
            double dA7 = -7.0 * a7 / buffer;
            double dB = -1.12 * rs7 * 7.0 * r7 / r / (denominator * denominator);
            double dEdr = eps * (dA7 * b + a7 * dB);
            double c = t.coulomb()[p];
            if (c != 0.0) {
                double e = c / (r + 0.05);
                electrostatic += e;
                dEdr -= e / (r + 0.05);
            }
            Geometry.addPair(grad, i, j, d, dEdr / r);
        }
        return new double[] {vdw, electrostatic};
    }

    private static double seventh(double v) {
        double v2 = v * v;
        return v2 * v2 * v2 * v;
    }
}
