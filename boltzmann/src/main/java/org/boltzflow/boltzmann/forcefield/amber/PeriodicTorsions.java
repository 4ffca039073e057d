package org.boltzflow.boltzmann.forcefield.amber;

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
 * (geometry, series, forces) through per-thread columns: short loop bodies let the processor overlap many
 * quadruples, where one long body kept it waiting on each quadruple's chain of square roots and divisions.
 */
final class PeriodicTorsions implements EnergyTerm {
    private static final double TINY = 1e-300; // keeps cos φ = 1 where φ is undefined, negligible elsewhere
    // per-thread columns, one element per quadruple
    private static final int N1 = 0; // n1 = b1 × b2, three columns
    private static final int N2 = 3; // n2 = b2 × b3, three columns
    private static final int N1_SQUARED = 6;
    private static final int N2_SQUARED = 7;
    private static final int B2_LENGTH = 8;
    private static final int S1 = 9; // 1 + b1·b2/|b2|²
    private static final int S3 = 10; // b3·b2/|b2|²
    private static final int COS = 11;
    private static final int SIN = 12;
    private static final int ENERGY = 13;
    private static final int DERIVATIVE = 14;
    private static final int COLUMNS = 15;

    private final int[] atomI; // 3 × atom index, per quadruple i-j-k-l
    private final int[] atomJ;
    private final int[] atomK;
    private final int[] atomL;
    private final double[] constant; // c per quadruple
    private final double[] cosine; // a_n at (n - 1) × quadruples + q
    private final double[] sine; // b_n likewise
    private final int harmonics; // the largest n
    private final ThreadLocal<double[][]> scratch;

    PeriodicTorsions(Prmtop p) {
        Map<List<Integer>, Integer> quadruples = new LinkedHashMap<>();
        for (Prmtop.Dihedral d : p.dihedrals()) {
            quadruples.putIfAbsent(List.of(d.i(), d.j(), d.k(), d.l()), quadruples.size());
        }
        int count = quadruples.size();
        atomI = new int[count];
        atomJ = new int[count];
        atomK = new int[count];
        atomL = new int[count];
        for (Map.Entry<List<Integer>, Integer> entry : quadruples.entrySet()) {
            int q = entry.getValue();
            atomI[q] = 3 * entry.getKey().get(0);
            atomJ[q] = 3 * entry.getKey().get(1);
            atomK[q] = 3 * entry.getKey().get(2);
            atomL[q] = 3 * entry.getKey().get(3);
        }
        int largest = 0;
        for (Prmtop.Dihedral d : p.dihedrals()) {
            largest = Math.max(largest, periodicity(p, d));
        }
        harmonics = largest;
        constant = new double[count];
        cosine = new double[Math.max(1, harmonics) * count];
        sine = new double[cosine.length];
        scratch = ThreadLocal.withInitial(() -> new double[COLUMNS][count]);
        for (Prmtop.Dihedral d : p.dihedrals()) {
            int q = quadruples.get(List.of(d.i(), d.j(), d.k(), d.l()));
            int n = periodicity(p, d);
            double k = p.dihedralK()[d.type()] * AmberUnits.KJ_PER_KCAL;
            double phase = p.phase()[d.type()];
            constant[q] += k; // k (1 + cos nφ cos phase + sin nφ sin phase)
            if (n == 0) {
                constant[q] += k * Math.cos(phase);
            } else {
                cosine[(n - 1) * count + q] += k * Math.cos(phase);
                sine[(n - 1) * count + q] += k * Math.sin(phase);
            }
        }
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
        double[][] c = scratch.get();
        geometry(xyz, c);
        fourierSeries(c);
        return addForces(c, forces);
    }

    /**
     * Per quadruple: the plane normals n1 = b1 × b2 and n2 = b2 × b3 of the bond vectors b1 = j - i, b2 = k - j,
     * b3 = l - k, their squares, |b2|, b1·b2/|b2|², b3·b2/|b2|², cos φ and sin φ.
     */
    private void geometry(double[] xyz, double[][] c) {
        double[] n1x = c[N1];
        double[] n1y = c[N1 + 1];
        double[] n1z = c[N1 + 2];
        double[] n2x = c[N2];
        double[] n2y = c[N2 + 1];
        double[] n2z = c[N2 + 2];
        double[] n1Squared = c[N1_SQUARED];
        double[] n2Squared = c[N2_SQUARED];
        double[] b2Length = c[B2_LENGTH];
        double[] s1 = c[S1];
        double[] s3 = c[S3];
        double[] cos = c[COS];
        double[] sin = c[SIN];
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
            double x = ax * bx + ay * by + az * bz;
            double y = length * (b1x * bx + b1y * by + b1z * bz);
            double inverseH = 1 / (Math.sqrt(x * x + y * y) + TINY);
            n1x[q] = ax;
            n1y[q] = ay;
            n1z[q] = az;
            n2x[q] = bx;
            n2y[q] = by;
            n2z[q] = bz;
            n1Squared[q] = ax * ax + ay * ay + az * az;
            n2Squared[q] = bx * bx + by * by + bz * bz;
            b2Length[q] = length;
            s1[q] = 1 + (b1x * b2x + b1y * b2y + b1z * b2z) * inverseB2;
            s3[q] = (b3x * b2x + b3y * b2y + b3z * b2z) * inverseB2;
            cos[q] = (x + TINY) * inverseH;
            sin[q] = y * inverseH;
        }
    }

    /** Per quadruple: E and dE/dφ, with cos nφ and sin nφ by the angle-addition recurrence. */
    private void fourierSeries(double[][] c) {
        int count = atomI.length;
        double[] cos = c[COS];
        double[] sin = c[SIN];
        double[] energy = c[ENERGY];
        double[] derivative = c[DERIVATIVE];
        for (int q = 0; q < count; q++) {
            double cosPhi = cos[q];
            double sinPhi = sin[q];
            double e = constant[q];
            double dEdPhi = 0;
            double cosN = cosPhi;
            double sinN = sinPhi;
            for (int n = 1, t = q; n <= harmonics; n++, t += count) {
                e += cosine[t] * cosN + sine[t] * sinN;
                dEdPhi += n * (sine[t] * cosN - cosine[t] * sinN);
                double next = cosN * cosPhi - sinN * sinPhi; // (n + 1)φ = nφ + φ
                sinN = sinN * cosPhi + cosN * sinPhi;
                cosN = next;
            }
            energy[q] = e;
            derivative[q] = dEdPhi;
        }
    }

    /**
     * Adds the forces: dφ/dx_i = -|b2|/|n1|² n1, dφ/dx_l = |b2|/|n2|² n2, those on j and k from the translational
     * and rotational invariance of φ. Returns the total energy.
     */
    private double addForces(double[][] c, double[] forces) {
        double[] n1x = c[N1];
        double[] n1y = c[N1 + 1];
        double[] n1z = c[N1 + 2];
        double[] n2x = c[N2];
        double[] n2y = c[N2 + 1];
        double[] n2z = c[N2 + 2];
        double[] n1Squared = c[N1_SQUARED];
        double[] n2Squared = c[N2_SQUARED];
        double[] b2Length = c[B2_LENGTH];
        double[] s1 = c[S1];
        double[] s3 = c[S3];
        double[] energy = c[ENERGY];
        double[] derivative = c[DERIVATIVE];
        double total = 0;
        for (int q = 0; q < atomI.length; q++) {
            total += energy[q];
            if (n1Squared[q] < 1e-300 || n2Squared[q] < 1e-300) {
                continue; // three collinear atoms: φ undefined, no force
            }
            double inverse = derivative[q] * b2Length[q] / (n1Squared[q] * n2Squared[q]);
            double gi = inverse * n2Squared[q];
            double gl = -inverse * n1Squared[q];
            double fix = gi * n1x[q];
            double fiy = gi * n1y[q];
            double fiz = gi * n1z[q];
            double flx = gl * n2x[q];
            double fly = gl * n2y[q];
            double flz = gl * n2z[q];
            double fjx = s3[q] * flx - s1[q] * fix;
            double fjy = s3[q] * fly - s1[q] * fiy;
            double fjz = s3[q] * flz - s1[q] * fiz;
            int i = atomI[q];
            int j = atomJ[q];
            int k = atomK[q];
            int l = atomL[q];
            forces[i] += fix;
            forces[i + 1] += fiy;
            forces[i + 2] += fiz;
            forces[l] += flx;
            forces[l + 1] += fly;
            forces[l + 2] += flz;
            forces[j] += fjx;
            forces[j + 1] += fjy;
            forces[j + 2] += fjz;
            forces[k] -= fix + flx + fjx;
            forces[k + 1] -= fiy + fly + fjy;
            forces[k + 2] -= fiz + flz + fjz;
        }
        return total;
    }
}
