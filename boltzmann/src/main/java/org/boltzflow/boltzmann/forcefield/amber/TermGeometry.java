package org.boltzflow.boltzmann.forcefield.amber;

/**
 * The geometry of one configuration that several {@link GeometryTerm}s read (pair distances, valence triples):
 * measured once, it collects the terms' force factors and adds the forces in one pass. Working arrays of one thread.
 */
interface TermGeometry {
    /** Measures {@code xyz} (x0, y0, z0, x1, ...) and clears what the terms add to. */
    void measure(double[] xyz);

    /** Adds the forces of the factors the terms set since {@link #measure}. */
    void addForces(double[] forces);
}
