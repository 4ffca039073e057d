package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;

/**
 * A layer that may be conditioned on a context vector (nflows' {@code forward(inputs, context)}): it implements the
 * two-argument directions, and the one-argument ones pass no context, which only a layer of context size 0 accepts.
 */
public interface ConditionalFlowLayer extends FlowLayer {
    @Override
    FlowResult forward(NDArray z, NDArray context);

    @Override
    FlowResult inverse(NDArray x, NDArray context);

    @Override
    default FlowResult forward(NDArray z) {
        return forward(z, null);
    }

    @Override
    default FlowResult inverse(NDArray x) {
        return inverse(x, null);
    }
}
