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
 * by the angle-addition recurrence (no trigonometric calls).
 */
final class PeriodicTorsions implements EnergyTerm {
    private static final double TINY = 1e-300; // keeps cos φ = 1 where φ is undefined, negligible elsewhere

    private final int[] atomI; // 3 × atom index, per quadruple i-j-k-l
    private final int[] atomJ;
    private final int[] atomK;
    private final int[] atomL;
    private final double[] constant; // c per quadruple
    private final double[] cosine; // a_n at (n - 1) × quadruples + q
    private final double[] sine; // b_n likewise
    private final int harmonics; // the largest n

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
        int count = atomI.length;
        double total = 0;
        for (int q = 0; q < count; q++) {
            int i = atomI[q];
            int j = atomJ[q];
            int kk = atomK[q];
            int l = atomL[q];
            double b1x = xyz[j] - xyz[i];
            double b1y = xyz[j + 1] - xyz[i + 1];
            double b1z = xyz[j + 2] - xyz[i + 2];
            double b2x = xyz[kk] - xyz[j];
            double b2y = xyz[kk + 1] - xyz[j + 1];
            double b2z = xyz[kk + 2] - xyz[j + 2];
            double b3x = xyz[l] - xyz[kk];
            double b3y = xyz[l + 1] - xyz[kk + 1];
            double b3z = xyz[l + 2] - xyz[kk + 2];
            double n1x = b1y * b2z - b1z * b2y;
            double n1y = b1z * b2x - b1x * b2z;
            double n1z = b1x * b2y - b1y * b2x;
            double n2x = b2y * b3z - b2z * b3y;
            double n2y = b2z * b3x - b2x * b3z;
            double n2z = b2x * b3y - b2y * b3x;
            double b2len2 = b2x * b2x + b2y * b2y + b2z * b2z;
            double b2len = Math.sqrt(b2len2);
            double n1sq = n1x * n1x + n1y * n1y + n1z * n1z;
            double n2sq = n2x * n2x + n2y * n2y + n2z * n2z;
            double y = b2len * (b1x * n2x + b1y * n2y + b1z * n2z);
            double x = n1x * n2x + n1y * n2y + n1z * n2z;
            double inverseH = 1 / (Math.sqrt(x * x + y * y) + TINY);
            double cosPhi = (x + TINY) * inverseH;
            double sinPhi = y * inverseH;
            double energy = constant[q];
            double dEdPhi = 0;
            double cosN = cosPhi;
            double sinN = sinPhi;
            for (int n = 1, c = q; n <= harmonics; n++, c += count) {
                energy += cosine[c] * cosN + sine[c] * sinN;
                dEdPhi += n * (sine[c] * cosN - cosine[c] * sinN);
                double next = cosN * cosPhi - sinN * sinPhi; // (n + 1)φ = nφ + φ
                sinN = sinN * cosPhi + cosN * sinPhi;
                cosN = next;
            }
            total += energy;
            if (n1sq < 1e-300 || n2sq < 1e-300) {
                continue; // three collinear atoms: φ undefined, no force
            }
            // dφ/dx_i = -|b2|/|n1|² n1, dφ/dx_l = |b2|/|n2|² n2; j and k from the invariance of φ
            double inverse = dEdPhi * b2len / (n1sq * n2sq);
            double gi = inverse * n2sq;
            double gl = -inverse * n1sq;
            double fix = gi * n1x;
            double fiy = gi * n1y;
            double fiz = gi * n1z;
            double flx = gl * n2x;
            double fly = gl * n2y;
            double flz = gl * n2z;
            double inverseB2 = 1 / b2len2;
            double s1 = 1 + (b1x * b2x + b1y * b2y + b1z * b2z) * inverseB2;
            double s3 = (b3x * b2x + b3y * b2y + b3z * b2z) * inverseB2;
            double fjx = s3 * flx - s1 * fix;
            double fjy = s3 * fly - s1 * fiy;
            double fjz = s3 * flz - s1 * fiz;
            forces[i] += fix;
            forces[i + 1] += fiy;
            forces[i + 2] += fiz;
            forces[l] += flx;
            forces[l + 1] += fly;
            forces[l + 2] += flz;
            forces[j] += fjx;
            forces[j + 1] += fjy;
            forces[j + 2] += fjz;
            forces[kk] -= fix + flx + fjx;
            forces[kk + 1] -= fiy + fly + fjy;
            forces[kk + 2] -= fiz + flz + fjz;
        }
        return total;
    }
}
