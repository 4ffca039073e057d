package org.boltzflow.mcmc;

import com.google.gson.JsonObject;
import org.boltzflow.flows.Target;

/**
 * An SNF layer of HMC transitions (see {@link McmcLayer}); {@link #adaptTo} turns on step-size adaptation to a
 * target acceptance rate for the first calls (burn-in), after which the step size is frozen.
 */
public final class HmcLayer extends McmcLayer {
    private final Hmc kernel;
    private final int leapfrogSteps;

    public HmcLayer(Target reference, Target target, double beta, int transitions, int leapfrogSteps,
            double... stepSizes) {
        super(reference, target, beta, transitions);
        this.kernel = new Hmc(leapfrogSteps, stepSizes);
        this.leapfrogSteps = leapfrogSteps;
    }

    /** Adapt the step size toward {@code acceptance} over the next {@code burnInTransitions} transitions. */
    public HmcLayer adaptTo(double acceptance, long burnInTransitions) {
        kernel.adaptTo(acceptance, burnInTransitions);
        return this;
    }

    @Override
    protected Hmc kernel() {
        return kernel;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = super.toJson();
        json.addProperty("leapfrogSteps", leapfrogSteps);
        return json;
    }
}
