package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.boltzmann.energy.Units;

/**
 * Harmonic angles E = k (θ - θ0)², in OpenMM units (k in kJ/mol/rad²), over the angle range of the
 * {@link ValenceTriples} (θ between the arms a and c of triple i-j-k), whose geometry it shares with the torsions.
 *
 * <p>Speed: θ - θ0 comes from the half-angle tangent of θ - θ0 and an arctangent series ({@link #arctangent}), a
 * few ulp from {@code Math.atan2} (a native call that cost half of the term); when some angle is more than 22.6° from
 * its θ0, from θ itself by three half-angle steps and the series. Every step (each division, half angle, the series)
 * is a loop of its own over the angles: the JIT vectorizes such one-step loops, not longer bodies.
 */
final class HarmonicAngles extends GeometryTerm<ValenceGeometry> {
    private final int start; // the angles' triples are [start, end)
    private final int end;
    private final double[] k; // per triple
    private final double[] theta0;
    private final double[] cosTheta0;
    private final double[] sinTheta0;
    private final ThreadLocal<Columns> scratch;

    HarmonicAngles(Prmtop p, ValenceTriples triples) {
        super(() -> new ValenceGeometry(triples));
        start = triples.angleStart;
        end = triples.angleEnd;
        k = new double[end];
        theta0 = new double[end];
        cosTheta0 = new double[end];
        sinTheta0 = new double[end];
        for (int t = start; t < end; t++) {
            Prmtop.Angle angle = p.angles().get(triples.angle[t]);
            k[t] = p.angleK()[angle.type()] * Units.KJ_PER_KCAL;
            theta0[t] = p.angleTheta0()[angle.type()];
            cosTheta0[t] = Math.cos(theta0[t]);
            sinTheta0[t] = Math.sin(theta0[t]);
        }
        scratch = ThreadLocal.withInitial(() -> new Columns(end));
    }

    @Override
    public String name() {
        return "angle";
    }

    /**
     * Sets the in-plane force factors: with dθ/da = (a·c a/|a|² - c) / |a × c| and likewise for c, bend = -dE/dθ /
     * |a × c|, alongA = bend a·c/|a|², alongC = bend a·c/|c|².
     */
    @Override
    double addEnergyAndForceFactors(ValenceGeometry g) {
        Columns c = scratch.get();
        for (int t = start; t < end; t++) { // tan(δ/2) = sin δ / (1 + cos δ), δ = θ - θ0
            c.tangent[t] = (g.normal[t] * cosTheta0[t] - g.dot[t] * sinTheta0[t])
                    / (g.lengthA[t] * g.lengthC[t] + g.dot[t] * cosTheta0[t] + g.normal[t] * sinTheta0[t]);
        }
        if (withinSeries(c.tangent)) { // every |δ| ≤ 2 atan 0.2 = 22.6°, as near equilibrium
            for (int t = start; t < end; t++) {
                c.delta[t] = 2 * arctangent(c.tangent[t]);
            }
        } else {
            deltaFromTheta(g, c);
        }
        for (int t = start; t < end; t++) {
            c.energy[t] = k[t] * c.delta[t] * c.delta[t];
        }
        for (int t = start; t < end; t++) {
            g.bend[t] = -2 * k[t] * c.delta[t] * g.inverseNormal[t]; // 0 for collinear arms: no force, exact energy
        }
        for (int t = start; t < end; t++) {
            g.alongA[t] = g.bend[t] * g.dot[t] * g.inverseA[t] * g.inverseA[t];
        }
        for (int t = start; t < end; t++) {
            g.alongC[t] = g.bend[t] * g.dot[t] * g.inverseC[t] * g.inverseC[t];
        }
        return ArraySum.of(c.energy, end);
    }

    /** θ - θ0 for any angles: θ = π/2 - α from tan(α/2) ∈ [-1, 1], two more half-angle steps and the series. */
    private void deltaFromTheta(ValenceGeometry g, Columns c) {
        for (int t = start; t < end; t++) {
            c.tangent[t] = g.dot[t] / (g.lengthA[t] * g.lengthC[t] + g.normal[t]);
        }
        halveAngles(c.tangent); // tan(α/4)
        halveAngles(c.tangent); // tan(α/8): |tan(α/8)| ≤ tan(π/16) < 0.2
        for (int t = start; t < end; t++) {
            c.tangent[t] = arctangent(c.tangent[t]); // α/8
        }
        for (int t = start; t < end; t++) {
            c.delta[t] = Math.PI / 2 - 8 * c.tangent[t] - theta0[t];
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

    /** atan(t) = t - t³/3 + t⁵/5 - ... to the 25th power, below round-off for |t| ≤ 0.2 (wrong beyond). */
    static double arctangent(double t) {
        double z = -t * t;
        return Math.fma(t * z, ArrayLog.oddSeriesTail(z), t);
    }

    /** Per-thread working columns, one element per triple (zero below the angles' range). */
    private static final class Columns {
        final double[] tangent; // tan(δ/2), or a half-angle tangent of α, then α/8
        final double[] delta; // θ - θ0
        final double[] energy; // k (θ - θ0)²

        Columns(int count) {
            tangent = new double[count];
            delta = new double[count];
            energy = new double[count];
        }
    }
}
