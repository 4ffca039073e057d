package org.boltzflow.boltzmann.md;

import org.boltzflow.boltzmann.energy.ThermodynamicState;

/**
 * Settings of a Langevin integrator: the thermodynamic state of the bath (its temperature gives kT), friction
 * (1/ps; 0 gives plain velocity Verlet), time step (ps) and the seed of its random stream.
 */
public record LangevinSettings(ThermodynamicState state, double friction, double timestep, long seed) {
    /** Checks the ranges. */
    public LangevinSettings {
        if (state == null) {
            throw new IllegalArgumentException("a Langevin integrator needs a thermodynamic state");
        }
        if (!(friction >= 0) || Double.isInfinite(friction)) {
            throw new IllegalArgumentException("friction must be non-negative and finite, got " + friction + " /ps");
        }
        if (!(timestep > 0) || Double.isInfinite(timestep)) {
            throw new IllegalArgumentException("time step must be positive and finite, got " + timestep + " ps");
        }
    }

    /** The bath temperature in kelvin. */
    public double temperature() {
        return state.temperature();
    }
}
