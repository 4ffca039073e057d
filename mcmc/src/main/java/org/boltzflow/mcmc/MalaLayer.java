package org.boltzflow.mcmc;

import org.boltzflow.flows.Target;

/** An SNF layer of Metropolis-adjusted Langevin transitions (see {@link McmcLayer}). */
public final class MalaLayer extends McmcLayer {
    private final Mala kernel;

    public MalaLayer(Target reference, Target target, double beta, int transitions, double... stepSizes) {
        super(reference, target, beta, transitions);
        this.kernel = new Mala(stepSizes);
    }

    @Override
    protected Mala kernel() {
        return kernel;
    }
}
