package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * A bijective layer of a normalizing flow, following normflows: {@link #forward} maps latent to data and returns
 * log|det ∂x/∂z|; {@link #inverse} maps data to latent and returns log|det ∂z/∂x|. Both take a batch {@code (n, dim)}.
 * Layers without an analytic inverse say so by throwing {@link UnsupportedOperationException} or solve it
 * numerically to a stated tolerance.
 *
 * <p>A conditional layer (as nflows' transforms with {@code context}) is a bijection of its input for each context
 * vector: {@link #contextSize()} is positive and {@link #forward(NDArray, NDArray)} / {@link #inverse(NDArray,
 * NDArray)} take the context {@code (n, contextSize)}, one row per input row (see {@link ConditionalFlowLayer}).
 * Unconditional layers ignore a context.
 */
public interface FlowLayer extends HasParameters {
    /** Latent to data: {@code x = f(z)} and log|det ∂x/∂z| per sample. */
    FlowResult forward(NDArray z);

    /** Data to latent: {@code z = f⁻¹(x)} and log|det ∂z/∂x| per sample. */
    FlowResult inverse(NDArray x);

    /** {@link #forward(NDArray)} given the context {@code (n, contextSize)}; unconditional layers ignore it. */
    default FlowResult forward(NDArray z, NDArray context) {
        return forward(z);
    }

    /** {@link #inverse(NDArray)} given the context {@code (n, contextSize)}; unconditional layers ignore it. */
    default FlowResult inverse(NDArray x, NDArray context) {
        return inverse(x);
    }

    /** The length of the context vector the layer is conditioned on; 0 for an unconditional layer. */
    default int contextSize() {
        return 0;
    }

    /**
     * Whether gradients with respect to the data pass back through {@link #inverse} (true for every differentiable
     * layer); a flow refuses to differentiate {@code log q(x)} in {@code x} through a layer that cuts them.
     */
    default boolean passesDataGradients() {
        return true;
    }

    /** Architecture description ({@code "type"} plus settings) for save/load; values of parameters excluded. */
    JsonObject toJson();
}
