package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proper and improper periodic torsions E = k (1 + cos(nφ - phase)), φ the IUPAC dihedral angle i-j-k-l (as
 * OpenMM's PeriodicTorsionForce; k in kJ/mol).
 *
 * <p>Speed: the terms of one atom quadruple are summed into one Fourier series in φ, E = c + Σ_n a_n cos nφ + b_n
 * sin nφ, so each quadruple's φ and dE/dφ are computed once; cos nφ and sin nφ come from cos φ and sin φ by the
 * angle-addition recurrence (no trigonometric calls). Quadruples are written with ascending central atoms, so that
 * those around one central bond share their halves ({@link TorsionArms}): plane normals, square roots, divisions
 * and the scattering of forces are done per arm, and per quadruple only two dot products and the series.
 */
final class PeriodicTorsions implements EnergyTerm {
    private final TorsionArms arms;
    private final int[] left; // per quadruple, its left arm's number in arms
    private final int[] right;
    private final double[] constant; // c per quadruple
    private final double[] cosine; // a_n at q × harmonics + n - 1
    private final double[] sine; // b_n likewise
    private final int harmonics; // the largest n of all
    private final int[] highest; // the largest n per quadruple
    private final ThreadLocal<Columns> scratch;

    PeriodicTorsions(Prmtop p) {
        Map<List<Integer>, List<Prmtop.Dihedral>> byAtoms = new LinkedHashMap<>();
        int largest = 0;
        for (Prmtop.Dihedral d : p.dihedrals()) {
            byAtoms.computeIfAbsent(quadruple(d), key -> new ArrayList<>()).add(d);
            largest = Math.max(largest, periodicity(p, d));
        }
        harmonics = Math.max(2, largest); // n = 1 and 2 always present (zero if unused)
        List<List<Integer>> quadruples = new ArrayList<>(byAtoms.keySet()); // longest series first, so the
        quadruples.sort(Comparator.comparingInt(q -> -highest(p, byAtoms.get(q)))); // series loop runs predictably
        int count = quadruples.size();
        TorsionArms.Builder armBuilder = new TorsionArms.Builder();
        left = new int[count];
        right = new int[count];
        highest = new int[count];
        constant = new double[count];
        cosine = new double[count * harmonics];
        sine = new double[cosine.length];
        for (int q = 0; q < count; q++) {
            List<Integer> atoms = quadruples.get(q);
            left[q] = armBuilder.left(atoms.get(0), atoms.get(1), atoms.get(2));
            right[q] = armBuilder.right(atoms.get(1), atoms.get(2), atoms.get(3));
            highest[q] = highest(p, byAtoms.get(atoms));
            for (Prmtop.Dihedral d : byAtoms.get(atoms)) {
                int n = periodicity(p, d);
                double k = p.dihedralK()[d.type()] * AmberUnits.KJ_PER_KCAL;
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
        arms = armBuilder.build();
        scratch = ThreadLocal.withInitial(() -> new Columns(count, arms));
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

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        Columns c = scratch.get();
        arms.measure(xyz, c.arms);
        fourierSeries(c);
        double energy = sumOverArms(c);
        arms.addForces(c.arms, forces);
        return energy;
    }

    /**
     * Per quadruple: cos φ and sin φ from its arms (φ taken as 0 where it is undefined, three collinear atoms), then
     * E and dE/dφ, with cos nφ and sin nφ by the angle-addition recurrence.
     */
    private void fourierSeries(Columns c) {
        TorsionArms.Columns a = c.arms;
        int count = left.length;
        for (int q = 0; q < count; q++) {
            int l = left[q];
            int r = right[q];
            double cosPhi = 1;
            double sinPhi = 0;
            boolean defined = a.normalSquared[l] * a.normalSquared[r] > 1e-300;
            if (defined) {
                cosPhi = a.ux[l] * a.ux[r] + a.uy[l] * a.uy[r] + a.uz[l] * a.uz[r];
                sinPhi = -(a.wx[l] * a.ux[r] + a.wy[l] * a.uy[r] + a.wz[l] * a.uz[r]); // columns hold -W
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

    /** Adds each quadruple's dE/dφ to its arms; returns the total energy. */
    private double sumOverArms(Columns c) {
        TorsionArms.Columns a = c.arms;
        double total = 0;
        for (int q = 0; q < left.length; q++) {
            total += c.energy[q];
            a.derivative[left[q]] += c.derivative[q];
            a.derivative[right[q]] += c.derivative[q];
        }
        return total;
    }

    /** Per-thread working columns: the arms', and one element per quadruple. */
    private static final class Columns {
        final TorsionArms.Columns arms;
        final double[] energy;
        final double[] derivative; // dE/dφ

        Columns(int count, TorsionArms arms) {
            this.arms = arms.columns();
            energy = new double[count];
            derivative = new double[count];
        }
    }
}
