package org.boltzflow.boltzmann.forcefield.amber;

/** One additive term of an {@link AmberForceField} (bonds, angles, ...), immutable and thread-safe. */
interface EnergyTerm {
    /** The term's name, as OpenMM's force groups would be labelled (e.g. {@code bond}). */
    String name();

    /** Returns this term's energy in kJ/mol and ADDS its forces (kJ/mol/nm) to {@code forces}. */
    double addEnergyAndForces(double[] xyz, double[] forces);
}
