package org.boltzflow.mcmc.fab;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;

/**
 * FAB's AIS target {@code p²/q}, the density that minimises the variance of importance weights for the alpha=2
 * divergence: {@code log π = 2 log p - log q}. It reports q's parameters as its own so that gradients an evaluation
 * leaves on them can be cleared.
 */
final class SquaredOverFlow implements Target, HasParameters {
    private final Target target;
    private final Distribution flow;

    SquaredOverFlow(Target target, Distribution flow) {
        this.target = target;
        this.flow = flow;
    }

    @Override
    public int dim() {
        return target.dim();
    }

    @Override
    public NDArray logProb(NDArray x) {
        return NDMath.scale(target.logProb(x), 2.0).sub(flow.logProb(x));
    }

    @Override
    public List<Parameter> parameters() {
        return flow.parameters();
    }
}
