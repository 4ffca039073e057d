package org.boltzflow.mcmc;

import ai.djl.ndarray.NDManager;

/**
 * One Metropolis-Hastings-corrected transition, batched over chains, that leaves {@code π_β} of a
 * {@link GeometricPath} invariant. Every random draw comes from {@code seed} (made in Java), so results do not
 * depend on the thread count.
 */
public interface MarkovKernel {
    /** One transition of every chain of {@code state}; the new state's arrays live in {@code manager}. */
    PathState step(GeometricPath path, double beta, PathState state, long seed, NDManager manager);

    /** Whether states handed to {@link #step} need gradients. */
    boolean needsGradient();

    /** Told the acceptance rate after each step (for step-size adaptation); ignored by default. */
    default void observe(double acceptance) {}
}
