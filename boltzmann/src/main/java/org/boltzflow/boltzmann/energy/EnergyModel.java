package org.boltzflow.boltzmann.energy;

import java.util.List;

/**
 * A potential energy of one molecular system in plain Java, the hot path of every Boltzmann generator: OpenMM
 * units (nm, kJ/mol). Coordinates are {@code double[3 * atoms]} (x0, y0, z0, x1, ...). The energy is the sum of a
 * list of {@link EnergyTerm}s, and the per-term breakdown is that of the list, the same for every force field.
 * Implementations are immutable and thread-safe; scratch space, if any, is per call.
 */
public interface EnergyModel {
    /** The number of atoms. */
    int atomCount();

    /** Total potential energy in kJ/mol; writes forces (kJ/mol/nm, = -gradient) into {@code forces}. */
    double energyAndForces(double[] xyz, double[] forces);

    /** The additive terms of this energy, in the order {@link #termNames} and {@link #termEnergies} list them. */
    List<EnergyTerm> terms();

    /** The names of the energy terms, in the order {@link #termEnergies} returns them. */
    default List<String> termNames() {
        return terms().stream().map(EnergyTerm::name).toList();
    }

    /** The energy of each term in kJ/mol for one configuration; they sum to the total. */
    default double[] termEnergies(double[] xyz) {
        if (xyz.length != 3 * atomCount()) {
            throw new IllegalArgumentException("expected " + 3 * atomCount() + " coordinates for " + atomCount()
                    + " atoms, got " + xyz.length);
        }
        List<EnergyTerm> terms = terms();
        double[] forces = new double[xyz.length];
        double[] energies = new double[terms.size()];
        for (int t = 0; t < energies.length; t++) {
            energies[t] = terms.get(t).addEnergyAndForces(xyz, forces);
        }
        return energies;
    }

    /** Total potential energy in kJ/mol, without forces. */
    default double energy(double[] xyz) {
        return energyAndForces(xyz, new double[xyz.length]);
    }
}
