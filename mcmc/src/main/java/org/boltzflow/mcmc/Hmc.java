package org.boltzflow.mcmc;

import org.boltzflow.flows.NDMath;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.boltzflow.flows.Rng;

/**
 * Hamiltonian Monte Carlo with unit mass: fresh Gaussian momentum, {@code leapfrogSteps} leapfrog steps with
 * per-dimension step sizes (a volume-preserving, reversible map), then a Metropolis test on the Hamiltonian.
 */
public final class Hmc extends StepSizeKernel {
    private final int leapfrogSteps;

    public Hmc(int leapfrogSteps, double... stepSizes) {
        super(stepSizes);
        if (leapfrogSteps < 1) {
            throw new IllegalArgumentException("HMC needs at least one leapfrog step, got " + leapfrogSteps);
        }
        this.leapfrogSteps = leapfrogSteps;
    }

    public int leapfrogSteps() {
        return leapfrogSteps;
    }

    @Override
    public boolean needsGradient() {
        return true;
    }

    @Override
    public PathState step(GeometricPath path, double beta, PathState state, long seed, NDManager manager) {
        NDArray eps = stepRow(state.x(), manager);
        NDArray momentum0 = noise(state.x(), manager, Rng.derive(seed, 0));
        NDArray momentum = momentum0.add(NDMath.scale(state.gradient(beta).mul(eps), 0.5));
        NDArray x = state.x();
        PathState moved = state;
        for (int l = 0; l < leapfrogSteps; l++) {
            x = x.add(momentum.mul(eps));
            moved = path.evaluate(x, true, manager);
            double kick = l == leapfrogSteps - 1 ? 0.5 : 1.0;
            momentum = momentum.add(NDMath.scale(moved.gradient(beta).mul(eps), kick));
        }
        NDArray kineticBefore = NDMath.scale(momentum0.square().sum(new int[] {1}), 0.5);
        NDArray kineticAfter = NDMath.scale(momentum.square().sum(new int[] {1}), 0.5);
        NDArray logAlpha = moved.logDensity(beta).sub(kineticAfter)
                .sub(state.logDensity(beta).sub(kineticBefore));
        return accept(state, moved, logAlpha, Rng.derive(seed, 1), manager);
    }
}
