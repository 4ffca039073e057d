package org.boltzflow.flows.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One training objective: the scalar loss of one step. Forward KL, reverse KL, alpha-divergence and FAB all fit
 * here, so one {@link Trainer} loop serves them all. {@code manager} is the step's scratch manager (closed after
 * the step); {@code step} and {@code seed} determine every random draw of the step.
 */
@FunctionalInterface
public interface Objective {
    /** The loss to minimise at {@code step}, a scalar NDArray attached to the autograd graph. */
    NDArray loss(NDManager manager, long step, long seed);

    /**
     * Work of the step done before the gradient recording starts, with the same {@code step} and {@code seed} as
     * {@link #loss}: e.g. FAB's annealed importance sampling, which needs gradients of its own. Nothing by default.
     */
    default void prepare(long step, long seed) {}
}
