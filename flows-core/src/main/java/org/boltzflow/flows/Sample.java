package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;

/** Points drawn from a distribution, {@code (n, dim)}, with their log-density under it, {@code (n)}. */
public record Sample(NDArray x, NDArray logProb) {}
