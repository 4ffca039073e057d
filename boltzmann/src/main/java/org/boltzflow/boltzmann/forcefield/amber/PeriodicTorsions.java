package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Proper and improper periodic torsions E = k (1 + cos(nφ - phase)), φ the IUPAC dihedral angle i-j-k-l (as
 * OpenMM's PeriodicTorsionForce; k in kJ/mol).
 */
final class PeriodicTorsions implements EnergyTerm {
    private final int[] atoms;
    private final double[] k;
    private final int[] n;
    private final double[] cosPhase;
    private final double[] sinPhase;

    PeriodicTorsions(Prmtop p) {
        int count = p.dihedrals().size();
        atoms = new int[4 * count];
        k = new double[count];
        n = new int[count];
        cosPhase = new double[count];
        sinPhase = new double[count];
        for (int t = 0; t < count; t++) {
            Prmtop.Dihedral d = p.dihedrals().get(t);
            atoms[4 * t] = d.i();
            atoms[4 * t + 1] = d.j();
            atoms[4 * t + 2] = d.k();
            atoms[4 * t + 3] = d.l();
            k[t] = p.dihedralK()[d.type()] * AmberUnits.KJ_PER_KCAL;
            n[t] = (int) (0.5 + p.periodicity()[d.type()]);
            cosPhase[t] = Math.cos(p.phase()[d.type()]);
            sinPhase[t] = Math.sin(p.phase()[d.type()]);
        }
    }

    @Override
    public String name() {
        return "torsion";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        double energy = 0;
        for (int t = 0; t < k.length; t++) {
            int i = 3 * atoms[4 * t];
            int j = 3 * atoms[4 * t + 1];
            int kk = 3 * atoms[4 * t + 2];
            int l = 3 * atoms[4 * t + 3];
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
            double h = Math.sqrt(x * x + y * y);
            double cosPhi = h > 0 ? x / h : 1;
            double sinPhi = h > 0 ? y / h : 0;
            double cosN = 1; // cos(nφ) and sin(nφ) by the angle-addition recurrence, no trigonometric calls
            double sinN = 0;
            for (int m = 0; m < n[t]; m++) {
                double c = cosN * cosPhi - sinN * sinPhi;
                sinN = sinN * cosPhi + cosN * sinPhi;
                cosN = c;
            }
            energy += k[t] * (1 + cosN * cosPhase[t] + sinN * sinPhase[t]); // cos(nφ - phase)
            if (n1sq < 1e-300 || n2sq < 1e-300) {
                continue; // three collinear atoms: φ undefined, no force
            }
            double dEdPhi = -k[t] * n[t] * (sinN * cosPhase[t] - cosN * sinPhase[t]); // -k n sin(nφ - phase)
            // gradients of φ: dφ/dxi = -|b2|/|n1|² n1, dφ/dxl = |b2|/|n2|² n2
            double gi = -dEdPhi * -b2len / n1sq; // force on i along n1
            double gl = -dEdPhi * b2len / n2sq; // force on l along n2
            double fix = gi * n1x;
            double fiy = gi * n1y;
            double fiz = gi * n1z;
            double flx = gl * n2x;
            double fly = gl * n2y;
            double flz = gl * n2z;
            double s1 = (b1x * b2x + b1y * b2y + b1z * b2z) / b2len2;
            double s3 = (b3x * b2x + b3y * b2y + b3z * b2z) / b2len2;
            // j and k from the translational and rotational invariance of φ
            double fjx = s3 * flx - (1 + s1) * fix;
            double fjy = s3 * fly - (1 + s1) * fiy;
            double fjz = s3 * flz - (1 + s1) * fiz;
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
        return energy;
    }
}
