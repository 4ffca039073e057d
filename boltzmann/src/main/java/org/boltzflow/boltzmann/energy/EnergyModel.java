package org.boltzflow.boltzmann.energy;

import java.util.List;

/**
 * A potential energy of one molecular system in plain Java, the hot path of every Boltzmann generator: OpenMM
 * units (nm, kJ/mol). Coordinates are {@code double[3 * atoms]} (x0, y0, z0, x1, ...). Implementations are
 * immutable and thread-safe; scratch space, if any, is per call.
 */
public interface EnergyModel {
    /** The number of atoms. */
    int atomCount();

    /** Total potential energy in kJ/mol; writes forces (kJ/mol/nm, = -gradient) into {@code forces}. */
    double energyAndForces(double[] xyz, double[] forces);

    /** The names of the energy terms, in the order {@link #termEnergies} returns them. */
    List<String> termNames();

    /** The energy of each term in kJ/mol for one configuration; they sum to the total. */
    double[] termEnergies(double[] xyz);

    /** Total potential energy in kJ/mol, without forces. */
    default double energy(double[] xyz) {
        return energyAndForces(xyz, new double[xyz.length]);
    }
}
