package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Harmonic angles E = k (θ - θ0)², in OpenMM units (k in kJ/mol/rad²).
 *
 * <p>Speed: θ - θ0 comes from the half-angle tangent of θ - θ0 and an arctangent series ({@link #arctangent}), a
 * few ulp from {@code Math.atan2} (a native call that cost half of the term); when some angle is more than 22.6° from
 * its θ0, from θ itself by three half-angle steps and the series. One loop gathers the atoms' geometry into per-thread
 * {@link Columns}, one scatters the forces, and between them every step (each square root, division, half angle,
 * the series) is a loop of its own over the angles: the JIT vectorizes such one-step loops, not longer bodies.
 */
final class HarmonicAngles implements EnergyTerm {
    private final int[] atomI; // 3 × atom index, per angle i-j-k
    private final int[] atomJ;
    private final int[] atomK;
    private final double[] k;
    private final double[] theta0;
    private final double[] cosTheta0;
    private final double[] sinTheta0;
    private final ThreadLocal<Columns> scratch;

    HarmonicAngles(Prmtop p) {
        int n = p.angles().size();
        atomI = new int[n];
        atomJ = new int[n];
        atomK = new int[n];
        k = new double[n];
        theta0 = new double[n];
        cosTheta0 = new double[n];
        sinTheta0 = new double[n];
        for (int a = 0; a < n; a++) {
            Prmtop.Angle angle = p.angles().get(a);
            atomI[a] = 3 * angle.i();
            atomJ[a] = 3 * angle.j();
            atomK[a] = 3 * angle.k();
            k[a] = p.angleK()[angle.type()] * AmberUnits.KJ_PER_KCAL;
            theta0[a] = p.angleTheta0()[angle.type()];
            cosTheta0[a] = Math.cos(theta0[a]);
            sinTheta0[a] = Math.sin(theta0[a]);
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
        for (int a = 0; a < n; a++) {
            c.cross[a] = Math.sqrt(c.cross[a]); // |a × c|
        }
        for (int a = 0; a < n; a++) {
            c.root[a] = Math.sqrt(c.aa[a] * c.cc[a]); // |a| |c|
        }
        for (int a = 0; a < n; a++) { // tan(δ/2) = sin δ / (1 + cos δ), δ = θ - θ0
            c.tangent[a] = (c.cross[a] * cosTheta0[a] - c.dot[a] * sinTheta0[a])
                    / (c.root[a] + c.dot[a] * cosTheta0[a] + c.cross[a] * sinTheta0[a]);
        }
        if (withinSeries(c.tangent)) { // every |δ| ≤ 2 atan 0.2 = 22.6°, as near equilibrium
            for (int a = 0; a < n; a++) {
                c.delta[a] = 2 * arctangent(c.tangent[a]);
            }
        } else {
            deltaFromTheta(c);
        }
        for (int a = 0; a < n; a++) {
            c.inverse[a] = -2 * k[a] * c.delta[a] / (c.cross[a] * c.aa[a] * c.cc[a]);
        }
        return addForces(c, forces);
    }

    /** θ - θ0 for any angles: θ = π/2 - α from tan(α/2) ∈ [-1, 1], two more half-angle steps and the series. */
    private void deltaFromTheta(Columns c) {
        int n = k.length;
        for (int a = 0; a < n; a++) {
            c.tangent[a] = c.dot[a] / (c.root[a] + c.cross[a]);
        }
        halveAngles(c.tangent); // tan(α/4)
        halveAngles(c.tangent); // tan(α/8): |tan(α/8)| ≤ tan(π/16) < 0.2
        for (int a = 0; a < n; a++) {
            c.tangent[a] = arctangent(c.tangent[a]); // α/8
        }
        for (int a = 0; a < n; a++) {
            c.delta[a] = Math.PI / 2 - 8 * c.tangent[a] - theta0[a];
        }
    }

    /** Whether every |t| ≤ 0.2, where {@link #arctangent} holds (false if one is NaN). */
    private static boolean withinSeries(double[] tangents) {
        for (double t : tangents) {
            if (!(Math.abs(t) <= 0.2)) {
                return false;
            }
        }
        return true;
    }

    /** Replaces each tan x by tan(x/2) = tan x / (1 + √(1 + tan² x)). */
    private static void halveAngles(double[] tangents) {
        for (int a = 0; a < tangents.length; a++) {
            tangents[a] /= 1 + Math.sqrt(Math.fma(tangents[a], tangents[a], 1));
        }
    }

    /** Per angle: the arms a = i - j and c = k - j, a·c, |a|², |c|², |a × c|² (θ = π/2 - α, tan α = a·c / |a × c|). */
    private void geometry(double[] xyz, Columns c) {
        ColumnVectors.arms(xyz, atomI, atomJ, atomK, c.ax, c.ay, c.az, c.cx, c.cy, c.cz, k.length);
        ColumnVectors.dot(c.ax, c.ay, c.az, c.cx, c.cy, c.cz, c.dot, k.length);
        ColumnVectors.dot(c.ax, c.ay, c.az, c.ax, c.ay, c.az, c.aa, k.length);
        ColumnVectors.dot(c.cx, c.cy, c.cz, c.cx, c.cy, c.cz, c.cc, k.length);
        for (int a = 0; a < k.length; a++) { // |a × c|², its root taken later
            double px = c.ay[a] * c.cz[a] - c.az[a] * c.cy[a];
            double py = c.az[a] * c.cx[a] - c.ax[a] * c.cz[a];
            double pz = c.ax[a] * c.cy[a] - c.ay[a] * c.cx[a];
            c.cross[a] = px * px + py * py + pz * pz;
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
        final double[] root; // |a| |c|
        final double[] tangent; // tan(δ/2), or a half-angle tangent of α, then α/8
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
            root = new double[count];
            tangent = new double[count];
            delta = new double[count];
            inverse = new double[count];
        }
    }
}
