package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Harmonic angles E = k (θ - θ0)², in OpenMM units (k in kJ/mol/rad²).
 *
 * <p>Speed: θ comes from three half-angle steps and an arctangent series ({@link #arctangent}), a few ulp from
 * {@code Math.atan2} (a native call that cost half of the term), in four loops over the angles (geometry, half
 * angles, series, forces) through per-thread columns: short loop bodies let the processor overlap many angles.
 */
final class HarmonicAngles implements EnergyTerm {
    // per-thread columns, one element per angle
    private static final int A = 0; // arm i - j, three columns
    private static final int C = 3; // arm k - j, three columns
    private static final int DOT = 6;
    private static final int CROSS = 7; // |a × c|
    private static final int AA = 8;
    private static final int CC = 9;
    private static final int TANGENT = 10; // a half-angle tangent
    private static final int DELTA = 11; // θ - θ0
    private static final int COLUMNS = 12;

    private final int[] atomI; // 3 × atom index, per angle i-j-k
    private final int[] atomJ;
    private final int[] atomK;
    private final double[] k;
    private final double[] theta0;
    private final ThreadLocal<double[][]> scratch;

    HarmonicAngles(Prmtop p) {
        int n = p.angles().size();
        atomI = new int[n];
        atomJ = new int[n];
        atomK = new int[n];
        k = new double[n];
        theta0 = new double[n];
        for (int a = 0; a < n; a++) {
            Prmtop.Angle angle = p.angles().get(a);
            atomI[a] = 3 * angle.i();
            atomJ[a] = 3 * angle.j();
            atomK[a] = 3 * angle.k();
            k[a] = p.angleK()[angle.type()] * AmberUnits.KJ_PER_KCAL;
            theta0[a] = p.angleTheta0()[angle.type()];
        }
        scratch = ThreadLocal.withInitial(() -> new double[COLUMNS][n]);
    }

    @Override
    public String name() {
        return "angle";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        double[][] c = scratch.get();
        geometry(xyz, c);
        double[] tangent = c[TANGENT];
        double[] delta = c[DELTA];
        int n = k.length;
        for (int a = 0; a < n; a++) { // tan(α/4), then tan(α/8): |tan(α/8)| ≤ tan(π/16) < 0.2
            double t = tangent[a] / (1 + Math.sqrt(Math.fma(tangent[a], tangent[a], 1)));
            tangent[a] = t / (1 + Math.sqrt(Math.fma(t, t, 1)));
        }
        for (int a = 0; a < n; a++) {
            delta[a] = Math.PI / 2 - 8 * arctangent(tangent[a]) - theta0[a];
        }
        return addForces(c, forces);
    }

    /** Per angle: the arms a = i - j and c = k - j, a·c, |a|², |c|², |a × c| and tan(α/2) with θ = π/2 - α. */
    private void geometry(double[] xyz, double[][] c) {
        double[] ax = c[A];
        double[] ay = c[A + 1];
        double[] az = c[A + 2];
        double[] cx = c[C];
        double[] cy = c[C + 1];
        double[] cz = c[C + 2];
        double[] dot = c[DOT];
        double[] cross = c[CROSS];
        double[] aa = c[AA];
        double[] cc = c[CC];
        double[] tangent = c[TANGENT];
        for (int a = 0; a < k.length; a++) {
            int i = atomI[a];
            int j = atomJ[a];
            int l = atomK[a];
            double x1 = xyz[i] - xyz[j];
            double y1 = xyz[i + 1] - xyz[j + 1];
            double z1 = xyz[i + 2] - xyz[j + 2];
            double x2 = xyz[l] - xyz[j];
            double y2 = xyz[l + 1] - xyz[j + 1];
            double z2 = xyz[l + 2] - xyz[j + 2];
            double px = y1 * z2 - z1 * y2;
            double py = z1 * x2 - x1 * z2;
            double pz = x1 * y2 - y1 * x2;
            double sine = Math.sqrt(px * px + py * py + pz * pz);
            double cosine = x1 * x2 + y1 * y2 + z1 * z2;
            double a2 = x1 * x1 + y1 * y1 + z1 * z1;
            double c2 = x2 * x2 + y2 * y2 + z2 * z2;
            ax[a] = x1;
            ay[a] = y1;
            az[a] = z1;
            cx[a] = x2;
            cy[a] = y2;
            cz[a] = z2;
            dot[a] = cosine;
            cross[a] = sine;
            aa[a] = a2;
            cc[a] = c2;
            tangent[a] = cosine / (Math.sqrt(a2 * c2) + sine); // tan(α/2) ∈ [-1, 1], tan α = a·c / |a × c|
        }
    }

    /** Adds the forces, dθ/da = (a·c a/|a|² - c) / |a × c| and likewise for c; returns the total energy. */
    private double addForces(double[][] c, double[] forces) {
        double[] ax = c[A];
        double[] ay = c[A + 1];
        double[] az = c[A + 2];
        double[] cx = c[C];
        double[] cy = c[C + 1];
        double[] cz = c[C + 2];
        double[] dot = c[DOT];
        double[] cross = c[CROSS];
        double[] aa = c[AA];
        double[] cc = c[CC];
        double[] delta = c[DELTA];
        double energy = 0;
        for (int a = 0; a < k.length; a++) {
            energy += k[a] * delta[a] * delta[a];
            if (cross[a] < 1e-300) {
                continue; // collinear: the gradient direction is undefined, the energy is exact
            }
            double inverse = -2 * k[a] * delta[a] / (cross[a] * aa[a] * cc[a]);
            double factor = inverse * aa[a] * cc[a]; // -dE/dθ / |a × c|
            double fa = inverse * dot[a] * cc[a]; // that times a·c / |a|²
            double fc = inverse * dot[a] * aa[a]; // that times a·c / |c|²
            double gix = fa * ax[a] - factor * cx[a];
            double giy = fa * ay[a] - factor * cy[a];
            double giz = fa * az[a] - factor * cz[a];
            double gkx = fc * cx[a] - factor * ax[a];
            double gky = fc * cy[a] - factor * ay[a];
            double gkz = fc * cz[a] - factor * az[a];
            int i = atomI[a];
            int j = atomJ[a];
            int l = atomK[a];
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

    /** atan(t) by its series to the 25th power, below round-off for |t| ≤ 0.2 (wrong beyond). */
    static double arctangent(double t) {
        double z = t * t;
        double series = 1.0 / 25;
        series = Math.fma(series, z, -1.0 / 23);
        series = Math.fma(series, z, 1.0 / 21);
        series = Math.fma(series, z, -1.0 / 19);
        series = Math.fma(series, z, 1.0 / 17);
        series = Math.fma(series, z, -1.0 / 15);
        series = Math.fma(series, z, 1.0 / 13);
        series = Math.fma(series, z, -1.0 / 11);
        series = Math.fma(series, z, 1.0 / 9);
        series = Math.fma(series, z, -1.0 / 7);
        series = Math.fma(series, z, 1.0 / 5);
        series = Math.fma(series, z, -1.0 / 3);
        return Math.fma(t * z, series, t);
    }
}
