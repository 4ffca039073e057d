package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.energy.Units;

/**
 * Proper and improper periodic torsions E = k (1 + cos(nφ - phase)), φ the IUPAC dihedral angle i-j-k-l (as
 * OpenMM's PeriodicTorsionForce; k in kJ/mol).
 *
 * <p>Speed: the terms of one atom quadruple are summed into one Fourier series in φ, E = c + Σ_n a_n cos nφ + b_n
 * sin nφ, so each quadruple's φ and dE/dφ are computed once; cos nφ and sin nφ come from cos φ and sin φ by the
 * angle-addition recurrence (no trigonometric calls). Quadruples are written with ascending central atoms, so that
 * those around one central bond share their halves, the arms: the left arm (outer atom i, near atom j, far atom k)
 * and the right arm (l, k, j) of torsion i-j-k-l. An arm is a triple of the {@link ValenceTriples}, whose geometry
 * the angles measure too (most arms are angles): plane normals, square roots, divisions and the scattering of forces
 * are done per triple, and per quadruple only two dot products and the series.
 *
 * <p>With the triple's arms a and c and unit normal n: the left arm reads its triple as it is, a = x_i - x_j, c =
 * x_k - x_j; a right arm (l, k, j) reads it forwards (a = x_l - x_k) or backwards (a = x_j - x_k), its orientation σ =
 * 1 or -1. Then the IUPAC dihedral has cos φ = -σ n_left·n_right and sin φ = -σ |c_left| a_left·n_right / |P_left|.
 */
final class PeriodicTorsions extends GeometryTerm<ValenceGeometry> {
    private final ValenceTriples triples;
    private final int[] left; // per quadruple, its left arm's triple
    private final int[] right; // its right arm's number (ValenceTriples.arm): triple t, or count + t if read backwards
    private final int[] rightTriple; // its right arm's triple
    private final double[] orientation; // -σ
    private final double[] constant; // c per quadruple
    private final double[] cosine; // a_n at q × harmonics + n - 1
    private final double[] sine; // b_n likewise
    private final int harmonics; // the largest n of all
    private final int[] highest; // the largest n per quadruple
    private final ThreadLocal<Columns> scratch;

    /** The torsions of {@code p}, with the triples their arms share with the angles ({@link #triples}). */
    static PeriodicTorsions of(Prmtop p) {
        Map<List<Integer>, List<Prmtop.Dihedral>> byAtoms = new LinkedHashMap<>();
        for (Prmtop.Dihedral d : p.dihedrals()) {
            byAtoms.computeIfAbsent(quadruple(d), key -> new ArrayList<>()).add(d);
        }
        List<List<Integer>> quadruples = new ArrayList<>(byAtoms.keySet()); // longest series first, so the
        quadruples.sort(Comparator.comparingInt(q -> -highest(p, byAtoms.get(q)))); // series loop runs predictably
        return new PeriodicTorsions(p, byAtoms, quadruples, ValenceTriples.of(p, quadruples));
    }

    private PeriodicTorsions(Prmtop p, Map<List<Integer>, List<Prmtop.Dihedral>> byAtoms,
            List<List<Integer>> quadruples, ValenceTriples triples) {
        super(() -> new ValenceGeometry(triples));
        this.triples = triples;
        int largest = 0;
        for (Prmtop.Dihedral d : p.dihedrals()) {
            largest = Math.max(largest, periodicity(p, d));
        }
        harmonics = Math.max(2, largest); // n = 1 and 2 always present (zero if unused)
        int count = quadruples.size();
        left = new int[count];
        right = new int[count];
        rightTriple = new int[count];
        orientation = new double[count];
        highest = new int[count];
        constant = new double[count];
        cosine = new double[count * harmonics];
        sine = new double[cosine.length];
        for (int q = 0; q < count; q++) {
            List<Integer> atoms = quadruples.get(q);
            left[q] = triples.arm(atoms.get(0), atoms.get(1), atoms.get(2));
            right[q] = triples.arm(atoms.get(3), atoms.get(2), atoms.get(1));
            rightTriple[q] = right[q] % triples.count;
            orientation[q] = right[q] < triples.count ? -1 : 1;
            highest[q] = highest(p, byAtoms.get(atoms));
            for (Prmtop.Dihedral d : byAtoms.get(atoms)) {
                int n = periodicity(p, d);
                double k = p.dihedralK()[d.type()] * Units.KJ_PER_KCAL;
                double phase = p.phase()[d.type()];
                constant[q] += k; // k (1 + cos nφ cos phase + sin nφ sin phase)
                if (n == 0) {
                    constant[q] += k * Math.cos(phase);
                } else {
                    cosine[q * harmonics + n - 1] += k * Math.cos(phase);
                    sine[q * harmonics + n - 1] += k * Math.sin(phase);
                }
            }
        }
        scratch = ThreadLocal.withInitial(() -> new Columns(count, triples.count));
    }

    /** The triples of this term's arms and of the prmtop's angles. */
    ValenceTriples triples() {
        return triples;
    }

    /**
     * The atoms of a torsion in the order whose central atoms ascend (i-j-k-l or l-k-j-i, which have the same φ), so
     * that torsions around one central bond share their arms.
     */
    private static List<Integer> quadruple(Prmtop.Dihedral d) {
        return d.j() < d.k() ? List.of(d.i(), d.j(), d.k(), d.l()) : List.of(d.l(), d.k(), d.j(), d.i());
    }

    private static int highest(Prmtop p, List<Prmtop.Dihedral> terms) {
        return terms.stream().mapToInt(d -> periodicity(p, d)).max().orElse(0);
    }

    private static int periodicity(Prmtop p, Prmtop.Dihedral d) {
        return (int) (0.5 + p.periodicity()[d.type()]);
    }

    @Override
    public String name() {
        return "torsion";
    }

    /**
     * Sets the normal force factors. An arm of outer atom o, near atom m and far atom f, with e = x_m - x_o, c' =
     * x_f - x_m and N = e × c', and D, the sum of dE/dφ over its torsions, has the force D |c'|/|N|² N on o, t times
     * that on f and -(1 + t) times it on m, t = e·c'/|c'|² (from the invariance of φ under translation and rotation).
     * On a triple read forwards (o = i, N = -P) that is -D |c|/|P| n on i and D a·c/(|c| |P|) n on k; read backwards
     * (o = k, N = P), D |a|/|P| n on k and -D a·c/(|a| |P|) n on i.
     */
    @Override
    double addEnergyAndForceFactors(ValenceGeometry g) {
        Columns c = scratch.get();
        fourierSeries(g, c);
        java.util.Arrays.fill(c.armDerivative, 0.0);
        for (int q = 0; q < left.length; q++) {
            c.armDerivative[left[q]] += c.derivative[q];
            c.armDerivative[right[q]] += c.derivative[q];
        }
        int end = triples.armEnd;
        double[] d = c.armDerivative; // arms reading their triple forwards
        double[] b = c.backwards;
        System.arraycopy(d, triples.count, b, 0, end);
        for (int t = 0; t < end; t++) {
            g.normalI[t] = -g.inverseNormal[t] * (d[t] * g.lengthC[t] + b[t] * g.dot[t] * g.inverseA[t]);
        }
        for (int t = 0; t < end; t++) {
            g.normalK[t] = g.inverseNormal[t] * (d[t] * g.dot[t] * g.inverseC[t] + b[t] * g.lengthA[t]);
        }
        return ArraySum.of(c.energy, left.length);
    }

    /**
     * Per quadruple: cos φ and sin φ from its arms (φ taken as 0 where it is undefined, three collinear atoms), then
     * E and dE/dφ, with cos nφ and sin nφ by the angle-addition recurrence.
     */
    private void fourierSeries(ValenceGeometry g, Columns c) {
        int count = left.length;
        for (int q = 0; q < count; q++) {
            int l = left[q];
            int r = rightTriple[q];
            double cosPhi = 1;
            double sinPhi = 0;
            boolean defined = g.normalSquared[l] * g.normalSquared[r] > 1e-300;
            if (defined) {
                double sign = orientation[q];
                cosPhi = sign * (g.nx[l] * g.nx[r] + g.ny[l] * g.ny[r] + g.nz[l] * g.nz[r]);
                sinPhi = sign * g.lengthC[l] * g.inverseNormal[l]
                        * (g.ax[l] * g.nx[r] + g.ay[l] * g.ny[r] + g.az[l] * g.nz[r]);
            }
            double cos2 = cosPhi * cosPhi - sinPhi * sinPhi; // n = 1 and 2 written out, as most series end there
            double sin2 = 2 * sinPhi * cosPhi;
            int t = q * harmonics;
            double e = constant[q] + cosine[t] * cosPhi + sine[t] * sinPhi + cosine[t + 1] * cos2 + sine[t + 1] * sin2;
            double dEdPhi = sine[t] * cosPhi - cosine[t] * sinPhi + 2 * (sine[t + 1] * cos2 - cosine[t + 1] * sin2);
            double cosN = cos2 * cosPhi - sin2 * sinPhi;
            double sinN = sin2 * cosPhi + cos2 * sinPhi;
            for (int n = 3; n <= highest[q]; n++) {
                e += cosine[t + n - 1] * cosN + sine[t + n - 1] * sinN;
                dEdPhi += n * (sine[t + n - 1] * cosN - cosine[t + n - 1] * sinN);
                double next = cosN * cosPhi - sinN * sinPhi; // (n + 1)φ = nφ + φ
                sinN = sinN * cosPhi + cosN * sinPhi;
                cosN = next;
            }
            c.energy[q] = e;
            c.derivative[q] = defined ? dEdPhi : 0; // no force where φ is undefined
        }
    }

    /** Per-thread working columns: one element per quadruple, and the arms' sums of dE/dφ. */
    private static final class Columns {
        final double[] energy;
        final double[] derivative; // dE/dφ
        final double[] armDerivative; // per arm number (ValenceTriples.arm), the sum of dE/dφ over its torsions

        final double[] backwards; // the sums of the arms reading their triple backwards, at the triple's number

        Columns(int count, int triples) {
            backwards = new double[triples];
            energy = new double[count];
            derivative = new double[count];
            armDerivative = new double[2 * triples];
        }
    }
}
