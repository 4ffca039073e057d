package org.boltzflow.spark.conformers;

import java.io.Serializable;

/**
 * One conformer of a molecule as the library table holds it: rank (1 = most populated), Boltzmann population with
 * its error, free energy {@code -kT ln p} (kJ/mol), MMFF94 energy of the conformer's coordinates (kJ/mol), the
 * conformer as an SDF record, and the effective sample size (fraction) of the molecule's weighted samples.
 */
public record ConformerRow(int rank, double population, double populationError, double freeEnergy,
        double mmff94Energy, String sdf, double ess) implements Serializable {
    private static final long serialVersionUID = 1L;
}
