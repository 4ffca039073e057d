package org.boltzflow.mcmc;

import org.boltzflow.flows.NDMath;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.boltzflow.flows.Rng;

/**
 * The Metropolis-adjusted Langevin algorithm: proposal {@code y = x + ε²/2 ⊙ ∇log π(x) + ε ⊙ ξ} with
 * per-dimension step sizes, corrected by the Metropolis-Hastings ratio of the asymmetric proposal.
 */
public final class Mala extends StepSizeKernel {
    public Mala(double... stepSizes) {
        super(stepSizes);
    }

    @Override
    public boolean needsGradient() {
        return true;
    }

    @Override
    public PathState step(GeometricPath path, double beta, PathState state, long seed, NDManager manager) {
        NDArray eps = stepRow(state.x(), manager);
        NDArray drift = NDMath.scale(eps.square(), 0.5);
        NDArray x = state.x();
        NDArray y = x.add(drift.mul(state.gradient(beta))).add(noise(x, manager, Rng.derive(seed, 0)).mul(eps));
        PathState proposal = path.evaluate(y, true, manager);
        NDArray logForward = logProposal(y, x, state.gradient(beta), drift, eps);
        NDArray logBackward = logProposal(x, y, proposal.gradient(beta), drift, eps);
        NDArray logAlpha = proposal.logDensity(beta).sub(state.logDensity(beta)).add(logBackward).sub(logForward);
        return accept(state, proposal, logAlpha, Rng.derive(seed, 1), manager);
    }

    /** log q(to | from) up to a constant that cancels in the ratio. */
    private static NDArray logProposal(NDArray to, NDArray from, NDArray gradFrom, NDArray drift, NDArray eps) {
        NDArray residual = to.sub(from).sub(drift.mul(gradFrom)).div(eps);
        return NDMath.scale(residual.square().sum(new int[] {1}), -0.5);
    }
}
