package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;

/**
 * The output of a flow layer: the transformed batch {@code (n, dim)} and, per sample {@code (n)}, log|det ∂out/∂in|
 * of the direction that was applied (for stochastic layers: the layer's contribution to the log importance weight,
 * in the same sign convention).
 */
public record FlowResult(NDArray value, NDArray logDet) {}
