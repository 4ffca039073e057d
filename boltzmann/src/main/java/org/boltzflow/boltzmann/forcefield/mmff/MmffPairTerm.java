package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * An MMFF94 term over the non-bonded pairs, a function of the pair distances: it reads a {@link MmffPairs.Measured}
 * configuration and adds its dE/dr there, so that the pair terms of a force field share one measurement and one
 * gradient pass. Alone, it measures the pairs itself.
 */
abstract class MmffPairTerm extends MmffTerm {
    private final MmffPairs pairs;

    MmffPairTerm(String name, MmffPairs pairs) {
        super(name);
        this.pairs = pairs;
    }

    /** The pairs this term runs over. */
    MmffPairs pairs() {
        return pairs;
    }

    /** Returns this term's energy (kcal/mol) and adds its dE/dr (kcal/mol/Angstrom) to the measured pairs. */
    abstract double addEnergyAndDerivatives(MmffPairs.Measured measured);

    @Override
    final double addEnergyAndGradient(double[] x, double[] grad) {
        MmffPairs.Measured measured = pairs.measure(x);
        double energy = addEnergyAndDerivatives(measured);
        measured.addGradient(grad);
        return energy;
    }
}
