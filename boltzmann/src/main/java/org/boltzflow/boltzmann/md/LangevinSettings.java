package org.boltzflow.boltzmann.md;

/**
 * Settings of a Langevin integrator: bath temperature (K), friction (1/ps; 0 gives plain velocity Verlet), time
 * step (ps) and the seed of its random stream.
 */
public record LangevinSettings(double temperature, double friction, double timestep, long seed) {
    /** Checks the ranges. */
    public LangevinSettings {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature + " K");
        }
        if (!(friction >= 0) || Double.isInfinite(friction)) {
            throw new IllegalArgumentException("friction must be non-negative and finite, got " + friction + " /ps");
        }
        if (!(timestep > 0) || Double.isInfinite(timestep)) {
            throw new IllegalArgumentException("time step must be positive and finite, got " + timestep + " ps");
        }
    }
}
