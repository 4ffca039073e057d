package org.boltzflow.boltzmann.forcefield.amber;

/**
 * An energy term that depends on the atom pairs' distances only (nonbonded, GB): it reads a {@link PairGeometry}
 * and adds -dE/dr / r to its {@link PairGeometry#radial}, so that several such terms share one measurement and one
 * force pass. Alone, {@link #addEnergyAndForces} uses a geometry of its own.
 */
abstract class PairTerm implements EnergyTerm {
    private final ThreadLocal<PairGeometry> geometry;

    private final PairList pairs;

    /** A term over the pairs of {@code pairs}, which {@link #addEnergyAndRadialForces} expects its geometry to hold. */
    PairTerm(PairList pairs) {
        this.pairs = pairs;
        geometry = ThreadLocal.withInitial(() -> new PairGeometry(pairs));
    }

    /** The pairs this term's geometry must measure. */
    final PairList pairs() {
        return pairs;
    }

    /** Returns this term's energy in kJ/mol and ADDS -dE/dr / r of each pair to {@code pairs.radial}. */
    abstract double addEnergyAndRadialForces(PairGeometry pairs);

    @Override
    public final double addEnergyAndForces(double[] xyz, double[] forces) {
        PairGeometry pairs = geometry.get();
        pairs.measure(xyz);
        double energy = addEnergyAndRadialForces(pairs);
        pairs.addForces(forces);
        return energy;
    }
}
