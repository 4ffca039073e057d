package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.boltzmann.coordinates.InternalGradients;

/** MMFF94 torsion 0.5 (V1 (1 + cos phi) + V2 (1 - cos 2 phi) + V3 (1 + cos 3 phi)). */
final class MmffTorsions extends MmffTerm {
    private final int[] atoms;
    private final double[] v1;
    private final double[] v2;
    private final double[] v3;

    /** Torsions i-j-k-l ({@code atoms}, four each) with V1, V2, V3 in kcal/mol. */
    MmffTorsions(int[] atoms, double[] v1, double[] v2, double[] v3) {
        super("torsion");
        this.atoms = atoms;
        this.v1 = v1;
        this.v2 = v2;
        this.v3 = v3;
    }

    @Override
    double addEnergyAndGradient(double[] x, double[] grad) {
        double energy = 0;
        double[] dPhi = new double[12];
        for (int s = 0; s < v1.length; s++) {
            double phi = InternalGradients.dihedral(x, atoms, 4 * s, dPhi);
            double cos = Math.cos(phi);
            double sin = Math.sin(phi);
            double cos2 = 2 * cos * cos - 1;
            double sin2 = 2 * sin * cos;
            double cos3 = cos * (2 * cos2 - 1);
            double sin3 = sin * (2 * cos2 + 1);
            energy += 0.5 * (v1[s] * (1 + cos) + v2[s] * (1 - cos2) + v3[s] * (1 + cos3));
            double dEdPhi = 0.5 * (-v1[s] * sin + 2 * v2[s] * sin2 - 3 * v3[s] * sin3);
            InternalGradients.addQuad(grad, atoms, 4 * s, dPhi, dEdPhi);
        }
        return energy;
    }
}
