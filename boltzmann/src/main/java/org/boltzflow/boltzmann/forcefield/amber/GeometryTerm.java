package org.boltzflow.boltzmann.forcefield.amber;

import java.util.List;
import java.util.function.Supplier;
import org.boltzflow.boltzmann.energy.EnergyTerm;

/**
 * An energy term that reads a {@link TermGeometry} and sets force factors in it, so that the terms of a
 * {@link GeometryTerms} share one measurement and one force pass. Alone, {@link #addEnergyAndForces} uses a geometry
 * of its own.
 */
abstract class GeometryTerm<G extends TermGeometry> implements EnergyTerm {
    private final GeometryTerms<G> alone;

    /** A term whose geometries {@code geometry} makes, the kind {@link #addEnergyAndForceFactors} expects. */
    GeometryTerm(Supplier<G> geometry) {
        alone = new GeometryTerms<>(List.of(this), geometry);
    }

    /** Returns this term's energy in kJ/mol and adds its force factors to the measured {@code geometry}. */
    abstract double addEnergyAndForceFactors(G geometry);

    @Override
    public final double addEnergyAndForces(double[] xyz, double[] forces) {
        return alone.addEnergyAndForces(xyz, forces);
    }
}
