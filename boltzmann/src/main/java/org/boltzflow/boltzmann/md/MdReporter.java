package org.boltzflow.boltzmann.md;

/** Receives the integrator's state every K steps (see {@link LangevinIntegrator#run}). */
@FunctionalInterface
public interface MdReporter {
    /** Called after {@code integrator} completed step {@code step}; read its state, do not keep its arrays. */
    void report(long step, LangevinIntegrator integrator);
}
