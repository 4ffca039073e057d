package org.boltzflow.boltzmann.energy;

/**
 * One additive term of a force field (bonds, angles, torsions, nonbonded, implicit solvent, ...), as OpenMM's
 * {@code Force}: a force field is the sum of its terms, and its per-term energies are those of its list of terms.
 * Units are nm in, kJ/mol and kJ/mol/nm out. Implementations are immutable and thread-safe.
 */
public interface EnergyTerm {
    /** The term's name, as OpenMM's force groups would be labelled (e.g. {@code bond}). */
    String name();

    /** Returns this term's energy in kJ/mol and ADDS its forces (kJ/mol/nm) to {@code forces}. */
    double addEnergyAndForces(double[] xyz, double[] forces);
}
