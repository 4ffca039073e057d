package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Harmonic angles E = k (θ - θ0)², in OpenMM units (k in kJ/mol/rad²).
 *
 * <p>Speed: one call gathers the two arms of every angle into per-thread columns and works in short loops over the
 * columns (independent iterations the processor overlaps, or the JIT vectorizes) before adding the forces to the
 * atoms. θ comes from three half-angle steps and an arctangent series ({@link #arctangent}), a few ulp from
 * {@code Math.atan2} (a native call that cost half of the term).
 */
final class HarmonicAngles implements EnergyTerm {
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
        double[][] s = scratch.get();
        double[] ax = s[0]; // arm i - j, then the force on i
        double[] ay = s[1];
        double[] az = s[2];
        double[] cx = s[3]; // arm k - j, then the force on k
        double[] cy = s[4];
        double[] cz = s[5];
        double[] dot = s[6]; // a·c
        double[] cross = s[7]; // |a × c|
        double[] aa = s[8]; // |a|², then a force factor
        double[] cc = s[9]; // |c|², then a force factor
        double[] tangent = s[10]; // a half-angle tangent, then -dE/dθ / |a × c|
        double[] delta = s[11]; // θ - θ0
        int n = k.length;
        for (int a = 0; a < n; a++) {
            int i = atomI[a];
            int j = atomJ[a];
            int l = atomK[a];
            ax[a] = xyz[i] - xyz[j];
            ay[a] = xyz[i + 1] - xyz[j + 1];
            az[a] = xyz[i + 2] - xyz[j + 2];
            cx[a] = xyz[l] - xyz[j];
            cy[a] = xyz[l + 1] - xyz[j + 1];
            cz[a] = xyz[l + 2] - xyz[j + 2];
        }
        for (int a = 0; a < n; a++) {
            dot[a] = ax[a] * cx[a] + ay[a] * cy[a] + az[a] * cz[a];
            aa[a] = ax[a] * ax[a] + ay[a] * ay[a] + az[a] * az[a];
            cc[a] = cx[a] * cx[a] + cy[a] * cy[a] + cz[a] * cz[a];
        }
        for (int a = 0; a < n; a++) {
            double px = ay[a] * cz[a] - az[a] * cy[a];
            double py = az[a] * cx[a] - ax[a] * cz[a];
            double pz = ax[a] * cy[a] - ay[a] * cx[a];
            cross[a] = Math.sqrt(px * px + py * py + pz * pz);
        }
        for (int a = 0; a < n; a++) { // θ = π/2 - α with tan α = a·c / |a × c|: tan(α/2) ∈ [-1, 1]
            tangent[a] = dot[a] / (Math.sqrt(aa[a] * cc[a]) + cross[a]);
        }
        for (int a = 0; a < n; a++) { // tan(α/4)
            tangent[a] = tangent[a] / (1 + Math.sqrt(Math.fma(tangent[a], tangent[a], 1)));
        }
        for (int a = 0; a < n; a++) { // tan(α/8), |tan(α/8)| ≤ tan(π/16) < 0.2
            tangent[a] = tangent[a] / (1 + Math.sqrt(Math.fma(tangent[a], tangent[a], 1)));
        }
        for (int a = 0; a < n; a++) {
            delta[a] = Math.PI / 2 - 8 * arctangent(tangent[a]) - theta0[a];
        }
        for (int a = 0; a < n; a++) { // dθ/da = (a·c a/|a|² - c) / |a × c|, likewise for c
            double a2 = aa[a];
            double c2 = cc[a];
            double inverse = -2 * k[a] * delta[a] / (cross[a] * a2 * c2);
            tangent[a] = inverse * a2 * c2; // -dE/dθ / |a × c|
            aa[a] = inverse * dot[a] * c2; // that times a·c / |a|²
            cc[a] = inverse * dot[a] * a2; // that times a·c / |c|²
        }
        for (int a = 0; a < n; a++) {
            double gix = aa[a] * ax[a] - tangent[a] * cx[a];
            double giy = aa[a] * ay[a] - tangent[a] * cy[a];
            double giz = aa[a] * az[a] - tangent[a] * cz[a];
            cx[a] = cc[a] * cx[a] - tangent[a] * ax[a];
            cy[a] = cc[a] * cy[a] - tangent[a] * ay[a];
            cz[a] = cc[a] * cz[a] - tangent[a] * az[a];
            ax[a] = gix;
            ay[a] = giy;
            az[a] = giz;
        }
        double energy = 0;
        for (int a = 0; a < n; a++) {
            energy += k[a] * delta[a] * delta[a];
            if (cross[a] < 1e-300) {
                continue; // collinear: the gradient direction is undefined, the energy is exact
            }
            int i = atomI[a];
            int j = atomJ[a];
            int l = atomK[a];
            forces[i] += ax[a];
            forces[i + 1] += ay[a];
            forces[i + 2] += az[a];
            forces[l] += cx[a];
            forces[l + 1] += cy[a];
            forces[l + 2] += cz[a];
            forces[j] -= ax[a] + cx[a];
            forces[j + 1] -= ay[a] + cy[a];
            forces[j + 2] -= az[a] + cz[a];
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
