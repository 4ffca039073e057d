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
 * sin nφ, so each quadruple's geometry and forces are computed once; cos nφ and sin nφ come from cos φ and sin φ
 * by the angle-addition recurrence (no trigonometric calls). One call runs three loops over the quadruples
 * (geometry, series, forces) through per-thread {@link Columns}: short loop bodies let the processor overlap many
 * quadruples, where one long body kept it waiting on each quadruple's chain of square roots and divisions.
 */
final class PeriodicTorsions implements EnergyTerm {
    private final int[] atomI; // 3 × atom index, per quadruple i-j-k-l
    private final int[] atomJ;
    private final int[] atomK;
    private final int[] atomL;
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
            byAtoms.computeIfAbsent(List.of(d.i(), d.j(), d.k(), d.l()), key -> new ArrayList<>()).add(d);
            largest = Math.max(largest, periodicity(p, d));
        }
        harmonics = largest;
        List<List<Prmtop.Dihedral>> quadruples = new ArrayList<>(byAtoms.values()); // longest series first, so
        quadruples.sort(Comparator.comparingInt(terms -> -highest(p, terms))); // the series loop runs predictably
        int count = quadruples.size();
        atomI = new int[count];
        atomJ = new int[count];
        atomK = new int[count];
        atomL = new int[count];
        highest = new int[count];
        constant = new double[count];
        cosine = new double[count * harmonics];
        sine = new double[cosine.length];
        for (int q = 0; q < count; q++) {
            Prmtop.Dihedral first = quadruples.get(q).get(0);
            atomI[q] = 3 * first.i();
            atomJ[q] = 3 * first.j();
            atomK[q] = 3 * first.k();
            atomL[q] = 3 * first.l();
            highest[q] = highest(p, quadruples.get(q));
            for (Prmtop.Dihedral d : quadruples.get(q)) {
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
        scratch = ThreadLocal.withInitial(() -> new Columns(count));
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
        geometry(xyz, c);
        fourierSeries(c);
        return addForces(c, forces);
    }

    /**
     * Per quadruple: the plane normals n1 = b1 × b2 and n2 = b2 × b3 of the bond vectors b1 = j - i, b2 = k - j,
     * b3 = l - k, their squares, |b2|, b1·b2/|b2|², b3·b2/|b2|², cos φ and sin φ.
     */
    private void geometry(double[] xyz, Columns c) {
        for (int q = 0; q < atomI.length; q++) {
            int i = atomI[q];
            int j = atomJ[q];
            int k = atomK[q];
            int l = atomL[q];
            double b1x = xyz[j] - xyz[i];
            double b1y = xyz[j + 1] - xyz[i + 1];
            double b1z = xyz[j + 2] - xyz[i + 2];
            double b2x = xyz[k] - xyz[j];
            double b2y = xyz[k + 1] - xyz[j + 1];
            double b2z = xyz[k + 2] - xyz[j + 2];
            double b3x = xyz[l] - xyz[k];
            double b3y = xyz[l + 1] - xyz[k + 1];
            double b3z = xyz[l + 2] - xyz[k + 2];
            double ax = b1y * b2z - b1z * b2y;
            double ay = b1z * b2x - b1x * b2z;
            double az = b1x * b2y - b1y * b2x;
            double bx = b2y * b3z - b2z * b3y;
            double by = b2z * b3x - b2x * b3z;
            double bz = b2x * b3y - b2y * b3x;
            double b2Squared = b2x * b2x + b2y * b2y + b2z * b2z;
            double length = Math.sqrt(b2Squared);
            double inverseB2 = 1 / b2Squared;
            double n1Squared = ax * ax + ay * ay + az * az;
            double n2Squared = bx * bx + by * by + bz * bz;
            double product = n1Squared * n2Squared; // (x² + y²) with x = n1·n2, y = |b2| b1·n2
            c.n1x[q] = ax;
            c.n1y[q] = ay;
            c.n1z[q] = az;
            c.n2x[q] = bx;
            c.n2y[q] = by;
            c.n2z[q] = bz;
            c.n1Squared[q] = n1Squared;
            c.n2Squared[q] = n2Squared;
            c.b2Length[q] = length;
            c.s1[q] = 1 + (b1x * b2x + b1y * b2y + b1z * b2z) * inverseB2;
            c.s3[q] = (b3x * b2x + b3y * b2y + b3z * b2z) * inverseB2;
            if (product > 1e-300) {
                double inverse = 1 / product;
                double root = Math.sqrt(product) * inverse; // 1/(|n1| |n2|), root and division side by side
                c.inverseProduct[q] = inverse;
                c.cos[q] = (ax * bx + ay * by + az * bz) * root;
                c.sin[q] = length * (b1x * bx + b1y * by + b1z * bz) * root;
            } else { // three collinear atoms: φ undefined, taken as 0, no force
                c.inverseProduct[q] = 0;
                c.cos[q] = 1;
                c.sin[q] = 0;
            }
        }
    }

    /** Per quadruple: E and dE/dφ, with cos nφ and sin nφ by the angle-addition recurrence. */
    private void fourierSeries(Columns c) {
        int count = atomI.length;
        for (int q = 0; q < count; q++) {
            double cosPhi = c.cos[q];
            double sinPhi = c.sin[q];
            double e = constant[q];
            double dEdPhi = 0;
            double cosN = cosPhi;
            double sinN = sinPhi;
            for (int n = 1, t = q * harmonics; n <= highest[q]; n++, t++) {
                e += cosine[t] * cosN + sine[t] * sinN;
                dEdPhi += n * (sine[t] * cosN - cosine[t] * sinN);
                double next = cosN * cosPhi - sinN * sinPhi; // (n + 1)φ = nφ + φ
                sinN = sinN * cosPhi + cosN * sinPhi;
                cosN = next;
            }
            c.energy[q] = e;
            c.derivative[q] = dEdPhi;
        }
    }

    /**
     * Adds the forces: dφ/dx_i = -|b2|/|n1|² n1, dφ/dx_l = |b2|/|n2|² n2, those on j and k from the translational
     * and rotational invariance of φ. Returns the total energy.
     */
    private double addForces(Columns c, double[] forces) {
        double total = 0;
        for (int q = 0; q < atomI.length; q++) {
            total += c.energy[q];
            double inverse = c.derivative[q] * c.b2Length[q] * c.inverseProduct[q]; // 0 where φ is undefined
            double gi = inverse * c.n2Squared[q];
            double gl = -inverse * c.n1Squared[q];
            double fix = gi * c.n1x[q];
            double fiy = gi * c.n1y[q];
            double fiz = gi * c.n1z[q];
            double flx = gl * c.n2x[q];
            double fly = gl * c.n2y[q];
            double flz = gl * c.n2z[q];
            double fjx = c.s3[q] * flx - c.s1[q] * fix;
            double fjy = c.s3[q] * fly - c.s1[q] * fiy;
            double fjz = c.s3[q] * flz - c.s1[q] * fiz;
            AtomForces.add(forces, atomI[q], fix, fiy, fiz);
            AtomForces.add(forces, atomL[q], flx, fly, flz);
            AtomForces.add(forces, atomJ[q], fjx, fjy, fjz);
            AtomForces.add(forces, atomK[q], -(fix + flx + fjx), -(fiy + fly + fjy), -(fiz + flz + fjz));
        }
        return total;
    }

    /** Per-thread working columns, one element per quadruple. */
    private static final class Columns {
        final double[] n1x; // n1 = b1 × b2
        final double[] n1y;
        final double[] n1z;
        final double[] n2x; // n2 = b2 × b3
        final double[] n2y;
        final double[] n2z;
        final double[] n1Squared;
        final double[] n2Squared;
        final double[] inverseProduct; // 1/(|n1|² |n2|²), 0 where φ is undefined
        final double[] b2Length;
        final double[] s1; // 1 + b1·b2/|b2|²
        final double[] s3; // b3·b2/|b2|²
        final double[] cos;
        final double[] sin;
        final double[] energy;
        final double[] derivative; // dE/dφ

        Columns(int count) {
            n1x = new double[count];
            n1y = new double[count];
            n1z = new double[count];
            n2x = new double[count];
            n2y = new double[count];
            n2z = new double[count];
            n1Squared = new double[count];
            n2Squared = new double[count];
            inverseProduct = new double[count];
            b2Length = new double[count];
            s1 = new double[count];
            s3 = new double[count];
            cos = new double[count];
            sin = new double[count];
            energy = new double[count];
            derivative = new double[count];
        }
    }
}
