package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;

/**
 * An unnormalized, differentiable log-density over {@code dim()}-dimensional points, such as
 * {@code -E(x)/kT} for a molecule. {@code logProb} takes a batch {@code (n, dim)} and returns {@code (n)}.
 */
public interface Target {
    /** The number of coordinates of one point. */
    int dim();

    /** Unnormalized log-density of each row of {@code x}; differentiable with respect to {@code x}. */
    NDArray logProb(NDArray x);

    /** The values of {@link #logProb} where no gradient is wanted; a target may compute them with less memory. */
    default NDArray logProbValues(NDArray x) {
        return logProb(x).stopGradient();
    }
}
