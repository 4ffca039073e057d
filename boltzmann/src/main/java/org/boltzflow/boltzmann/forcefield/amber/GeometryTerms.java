package org.boltzflow.boltzmann.forcefield.amber;

import java.util.List;
import java.util.function.Supplier;

/**
 * Energy terms that share one {@link TermGeometry} per thread: measured once per configuration, each term adds its
 * energy and force factors, and one pass adds the forces. Thread-safe.
 */
final class GeometryTerms<G extends TermGeometry> {
    private final List<? extends GeometryTerm<G>> terms;
    private final ThreadLocal<G> geometry;

    GeometryTerms(List<? extends GeometryTerm<G>> terms, Supplier<G> geometry) {
        this.terms = terms;
        this.geometry = ThreadLocal.withInitial(geometry);
    }

    /** Returns the terms' energy in kJ/mol and ADDS their forces to {@code forces}. */
    double addEnergyAndForces(double[] xyz, double[] forces) {
        G g = geometry.get();
        g.measure(xyz);
        double energy = 0;
        for (GeometryTerm<G> term : terms) {
            energy += term.addEnergyAndForceFactors(g);
        }
        g.addForces(forces);
        return energy;
    }
}
