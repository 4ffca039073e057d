package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two halves of the torsions i-j-k-l of a molecule, each shared by every torsion that has it: the left arm
 * (outer atom i, near atom j, far atom k) and the right arm (l, k, j). Most torsions share their central bond and one
 * outer atom with others (alanine dipeptide: 45 atom quadruples, 38 arms), so the plane normals and their lengths are
 * computed once per arm, and a torsion's forces, all proportional to dE/dφ, are added once per arm from the sum of
 * dE/dφ over its torsions.
 *
 * <p>An arm of outer atom o, near atom m and far atom f has the vectors e = m - o and c = f - m and the normal
 * N = e × c. In a torsion's bond vectors b1 = j - i, b2 = k - j, b3 = l - k: the left arm has e = b1, c = b2,
 * N = n1 = b1 × b2; the right arm e = -b3, c = -b2, N = -n2 = -(b2 × b3).
 */
final class TorsionArms {
    private final int[] outer; // 3 × atom index, per arm
    private final int[] near;
    private final int[] far;
    private final double[] sign; // +1 for a left arm, -1 for a right arm: sign · N is n1 or n2

    private TorsionArms(List<int[]> arms) {
        int count = arms.size();
        outer = new int[count];
        near = new int[count];
        far = new int[count];
        sign = new double[count];
        for (int a = 0; a < count; a++) {
            int[] arm = arms.get(a);
            outer[a] = 3 * arm[0];
            near[a] = 3 * arm[1];
            far[a] = 3 * arm[2];
            sign[a] = arm[3];
        }
    }

    /** The number of arms. */
    int size() {
        return outer.length;
    }

    /** Per-thread working columns for measuring these arms. */
    Columns columns() {
        return new Columns(size());
    }

    /**
     * Measures every arm of {@code xyz}: the unit normals U = n1/|n1| (left) or n2/|n2| (right) and -W, W = |b2|
     * b1/|n1| (meaningful for left arms), so that a torsion has cos φ = U_left·U_right and sin φ = W_left·U_right; and
     * clears the sums of dE/dφ.
     */
    void measure(double[] xyz, Columns c) {
        int count = outer.length;
        ColumnVectors.arms(xyz, outer, near, far, c.wx, c.wy, c.wz, c.cx, c.cy, c.cz, count); // w = -e, c
        ColumnVectors.cross(c.cx, c.cy, c.cz, c.wx, c.wy, c.wz, c.ux, c.uy, c.uz, count); // c × -e = e × c
        ColumnVectors.dot(c.ux, c.uy, c.uz, c.ux, c.uy, c.uz, c.normalSquared, count);
        ColumnVectors.dot(c.cx, c.cy, c.cz, c.cx, c.cy, c.cz, c.centralSquared, count);
        ColumnVectors.dot(c.wx, c.wy, c.wz, c.cx, c.cy, c.cz, c.along, count); // -e·c
        for (int a = 0; a < count; a++) { // square roots and divisions in flat loops of their own
            c.forceScale[a] = 1 / Math.sqrt(c.normalSquared[a]); // infinite for a collinear arm, never read then
        }
        for (int a = 0; a < count; a++) {
            c.inverseNormal[a] = sign[a] * c.forceScale[a];
        }
        for (int a = 0; a < count; a++) {
            c.forceScale[a] *= Math.sqrt(c.centralSquared[a]);
        }
        for (int a = 0; a < count; a++) {
            c.along[a] /= -c.centralSquared[a];
        }
        ColumnVectors.scale(c.ux, c.uy, c.uz, c.inverseNormal, count);
        ColumnVectors.scale(c.wx, c.wy, c.wz, c.forceScale, count);
        java.util.Arrays.fill(c.derivative, 0.0);
    }

    /**
     * Adds the forces of every arm from its sum D of dE/dφ: D |b2|/|N|² N on the outer atom, -(1 + t) times that on
     * the near atom and t times it on the far one, t = e·c/|c|² (from the invariance of φ under translation and
     * rotation).
     */
    void addForces(Columns c, double[] forces) {
        for (int a = 0; a < outer.length; a++) {
            double d = c.derivative[a];
            if (d == 0) {
                continue; // no torsion force on this arm (also every arm of a torsion whose φ is undefined)
            }
            double g = d * c.forceScale[a] * sign[a];
            double fx = g * c.ux[a];
            double fy = g * c.uy[a];
            double fz = g * c.uz[a];
            double t = c.along[a];
            AtomForces.add(forces, outer[a], fx, fy, fz);
            AtomForces.add(forces, far[a], t * fx, t * fy, t * fz);
            AtomForces.add(forces, near[a], -(1 + t) * fx, -(1 + t) * fy, -(1 + t) * fz);
        }
    }

    /** Collects the distinct arms of torsions given as atom quadruples, numbering them in order of appearance. */
    static final class Builder {
        private final Map<List<Integer>, Integer> index = new HashMap<>();
        private final List<int[]> arms = new ArrayList<>();

        /** The number of the left arm (i, j, k) of torsion i-j-k-l. */
        int left(int i, int j, int k) {
            return arm(i, j, k, 1);
        }

        /** The number of the right arm (l, k, j) of torsion i-j-k-l. */
        int right(int j, int k, int l) {
            return arm(l, k, j, -1);
        }

        private int arm(int o, int m, int f, int sign) {
            return index.computeIfAbsent(List.of(o, m, f, sign), key -> {
                arms.add(new int[] {o, m, f, sign});
                return arms.size() - 1;
            });
        }

        TorsionArms build() {
            return new TorsionArms(arms);
        }
    }

    /** Per-thread working columns, one element per arm. */
    static final class Columns {
        final double[] ux; // N, then U
        final double[] uy;
        final double[] uz;
        final double[] wx; // -e, then -W
        final double[] wy;
        final double[] wz;
        final double[] cx; // c
        final double[] cy;
        final double[] cz;
        final double[] normalSquared; // |N|²
        final double[] centralSquared; // |c|² = |b2|²
        final double[] along; // -e·c, then t = e·c/|c|²
        final double[] inverseNormal; // sign/|N|
        final double[] forceScale; // |b2|/|N|
        final double[] derivative; // Σ dE/dφ over the arm's torsions

        Columns(int count) {
            ux = new double[count];
            uy = new double[count];
            uz = new double[count];
            wx = new double[count];
            wy = new double[count];
            wz = new double[count];
            cx = new double[count];
            cy = new double[count];
            cz = new double[count];
            normalSquared = new double[count];
            centralSquared = new double[count];
            along = new double[count];
            inverseNormal = new double[count];
            forceScale = new double[count];
            derivative = new double[count];
        }
    }
}
