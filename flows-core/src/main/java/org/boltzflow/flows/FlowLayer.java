package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * A bijective layer of a normalizing flow, following normflows: {@link #forward} maps latent to data and returns
 * log|det ∂x/∂z|; {@link #inverse} maps data to latent and returns log|det ∂z/∂x|. Both take a batch {@code (n, dim)}.
 * Layers without an analytic inverse say so by throwing {@link UnsupportedOperationException} or solve it
 * numerically to a stated tolerance.
 */
public interface FlowLayer extends HasParameters {
    /** Latent to data: {@code x = f(z)} and log|det ∂x/∂z| per sample. */
    FlowResult forward(NDArray z);

    /** Data to latent: {@code z = f⁻¹(x)} and log|det ∂z/∂x| per sample. */
    FlowResult inverse(NDArray x);

    /** Architecture description ({@code "type"} plus settings) for save/load; values of parameters excluded. */
    JsonObject toJson();
}
