package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.boltzflow.flows.Rng;

/** Random-walk Metropolis: a Gaussian proposal {@code y = x + ε ⊙ ξ} with per-dimension step sizes {@code ε}. */
public final class RandomWalkMetropolis extends StepSizeKernel {
    public RandomWalkMetropolis(double... stepSizes) {
        super(stepSizes);
    }

    @Override
    public boolean needsGradient() {
        return false;
    }

    @Override
    public PathState step(GeometricPath path, double beta, PathState state, long seed, NDManager manager) {
        NDArray x = state.x();
        NDArray y = x.add(noise(x, manager, Rng.derive(seed, 0)).mul(stepRow(x, manager)));
        PathState proposal = path.evaluate(y, false, manager);
        NDArray logAlpha = proposal.logDensity(beta).sub(state.logDensity(beta));
        return accept(state, proposal, logAlpha, Rng.derive(seed, 1), manager);
    }
}
