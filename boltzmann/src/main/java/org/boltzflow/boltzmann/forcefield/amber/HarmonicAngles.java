package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Harmonic angles E = k (θ - θ0)², in OpenMM units (k in kJ/mol/rad²).
 *
 * <p>Speed: θ comes from three half-angle steps and an arctangent series ({@link #arctangent}), a few ulp from
 * {@code Math.atan2} (a native call that cost half of the term), in five loops over the angles (geometry, first and
 * further half angles, series, forces) through per-thread {@link Columns}: short loop bodies let the processor overlap
 * many angles, and the square roots and divisions sit in flat loops the JIT vectorizes, apart from the gathering of
 * atoms and the scattering of forces.
 */
final class HarmonicAngles implements EnergyTerm {
    private final int[] atomI; // 3 × atom index, per angle i-j-k
    private final int[] atomJ;
    private final int[] atomK;
    private final double[] k;
    private final double[] theta0;
    private final ThreadLocal<Columns> scratch;

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
        scratch = ThreadLocal.withInitial(() -> new Columns(n));
    }

    @Override
    public String name() {
        return "angle";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        Columns c = scratch.get();
        geometry(xyz, c);
        int n = k.length;
        for (int a = 0; a < n; a++) { // |a × c| and tan(α/2) ∈ [-1, 1]
            c.cross[a] = Math.sqrt(c.cross[a]);
            c.tangent[a] = c.dot[a] / (Math.sqrt(c.aa[a] * c.cc[a]) + c.cross[a]);
        }
        for (int a = 0; a < n; a++) { // tan(α/4), then tan(α/8): |tan(α/8)| ≤ tan(π/16) < 0.2
            double t = c.tangent[a] / (1 + Math.sqrt(Math.fma(c.tangent[a], c.tangent[a], 1)));
            c.tangent[a] = t / (1 + Math.sqrt(Math.fma(t, t, 1)));
        }
        for (int a = 0; a < n; a++) {
            c.delta[a] = Math.PI / 2 - 8 * arctangent(c.tangent[a]) - theta0[a];
            c.inverse[a] = -2 * k[a] * c.delta[a] / (c.cross[a] * c.aa[a] * c.cc[a]);
        }
        return addForces(c, forces);
    }

    /** Per angle: the arms a = i - j and c = k - j, a·c, |a|², |c|², |a × c|² (θ = π/2 - α, tan α = a·c / |a × c|). */
    private void geometry(double[] xyz, Columns c) {
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
            double cosine = x1 * x2 + y1 * y2 + z1 * z2;
            double a2 = x1 * x1 + y1 * y1 + z1 * z1;
            double c2 = x2 * x2 + y2 * y2 + z2 * z2;
            c.ax[a] = x1;
            c.ay[a] = y1;
            c.az[a] = z1;
            c.cx[a] = x2;
            c.cy[a] = y2;
            c.cz[a] = z2;
            c.dot[a] = cosine;
            c.cross[a] = px * px + py * py + pz * pz; // squared here, its root taken in a flat loop
            c.aa[a] = a2;
            c.cc[a] = c2;
        }
    }

    /** Adds the forces, dθ/da = (a·c a/|a|² - c) / |a × c| and likewise for c; returns the total energy. */
    private double addForces(Columns c, double[] forces) {
        double energy = 0;
        for (int a = 0; a < k.length; a++) {
            energy += k[a] * c.delta[a] * c.delta[a];
            if (c.cross[a] < 1e-300) {
                continue; // collinear: the gradient direction is undefined, the energy is exact
            }
            double inverse = c.inverse[a];
            double factor = inverse * c.aa[a] * c.cc[a]; // -dE/dθ / |a × c|
            double fa = inverse * c.dot[a] * c.cc[a]; // that times a·c / |a|²
            double fc = inverse * c.dot[a] * c.aa[a]; // that times a·c / |c|²
            double gix = fa * c.ax[a] - factor * c.cx[a];
            double giy = fa * c.ay[a] - factor * c.cy[a];
            double giz = fa * c.az[a] - factor * c.cz[a];
            double gkx = fc * c.cx[a] - factor * c.ax[a];
            double gky = fc * c.cy[a] - factor * c.ay[a];
            double gkz = fc * c.cz[a] - factor * c.az[a];
            AtomForces.add(forces, atomI[a], gix, giy, giz);
            AtomForces.add(forces, atomK[a], gkx, gky, gkz);
            AtomForces.add(forces, atomJ[a], -(gix + gkx), -(giy + gky), -(giz + gkz));
        }
        return energy;
    }

    /** atan(t) = t - t³/3 + t⁵/5 - ... to the 25th power, below round-off for |t| ≤ 0.2 (wrong beyond). */
    static double arctangent(double t) {
        double z = -t * t;
        return Math.fma(t * z, ArrayLog.oddSeriesTail(z), t);
    }

    /** Per-thread working columns, one element per angle. */
    private static final class Columns {
        final double[] ax; // arm i - j
        final double[] ay;
        final double[] az;
        final double[] cx; // arm k - j
        final double[] cy;
        final double[] cz;
        final double[] dot; // a·c
        final double[] cross; // |a × c|² from geometry, then |a × c|
        final double[] aa; // |a|²
        final double[] cc; // |c|²
        final double[] tangent; // a half-angle tangent
        final double[] delta; // θ - θ0
        final double[] inverse; // -2 k (θ - θ0) / (|a × c| |a|² |c|²)

        Columns(int count) {
            ax = new double[count];
            ay = new double[count];
            az = new double[count];
            cx = new double[count];
            cy = new double[count];
            cz = new double[count];
            dot = new double[count];
            cross = new double[count];
            aa = new double[count];
            cc = new double[count];
            tangent = new double[count];
            delta = new double[count];
            inverse = new double[count];
        }
    }
}
