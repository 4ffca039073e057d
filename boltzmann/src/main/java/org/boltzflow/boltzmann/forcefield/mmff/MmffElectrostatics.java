package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * MMFF94 buffered Coulomb 332.0716 qi qj / (r + 0.05) (dielectric 1, no cutoff) over the non-bonded pairs, 1-4 pairs
 * scaled by 0.75.
 */
final class MmffElectrostatics extends MmffPairTerm {
    private final double[] coulomb;

    /** Per pair, the prefactor 332.0716 qi qj (times 0.75 for 1-4 pairs) in kcal/mol Angstrom. */
    MmffElectrostatics(MmffPairs pairs, double[] coulomb) {
        super("electrostatic", pairs);
        this.coulomb = coulomb;
    }

    @Override
    double addEnergyAndDerivatives(MmffPairs.Measured measured) {
        double energy = 0;
        for (int p = 0; p < coulomb.length; p++) {
            if (coulomb[p] != 0.0) {
                double shifted = measured.r[p] + 0.05;
                double e = coulomb[p] / shifted;
                energy += e;
                measured.dEdr[p] -= e / shifted;
            }
        }
        return energy;
    }
}
