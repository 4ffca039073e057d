package org.boltzflow.mcmc;

import org.boltzflow.flows.Target;

/** An SNF layer of random-walk Metropolis transitions (see {@link McmcLayer}). */
public final class MetropolisLayer extends McmcLayer {
    private final RandomWalkMetropolis kernel;

    public MetropolisLayer(Target reference, Target target, double beta, int transitions, double... stepSizes) {
        super(reference, target, beta, transitions);
        this.kernel = new RandomWalkMetropolis(stepSizes);
    }

    @Override
    protected RandomWalkMetropolis kernel() {
        return kernel;
    }
}
