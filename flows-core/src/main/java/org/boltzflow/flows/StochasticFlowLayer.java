package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;

/**
 * A layer whose forward pass is random (an MCMC step inside a stochastic normalizing flow). The flow hands it a
 * seed derived from the sampling seed and the layer index. The returned log-det is the layer's contribution to the
 * log importance weight, so that {@code log q(x) = log q0(z) - Σ logDet} stays the bookkeeping of the whole flow.
 */
public interface StochasticFlowLayer extends FlowLayer {
    /** One random forward pass, fully determined by {@code seed}. */
    FlowResult forward(NDArray z, long seed);

    @Override
    default FlowResult forward(NDArray z) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is stochastic: call forward(z, seed)");
    }

    @Override
    default FlowResult inverse(NDArray x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is stochastic and has no inverse");
    }
}
