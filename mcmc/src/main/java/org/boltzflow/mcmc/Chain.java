package org.boltzflow.mcmc;

import ai.djl.ndarray.NDManager;
import org.boltzflow.flows.Rng;

/**
 * Runs a kernel for a number of steps at one point {@code β} of a path. Each step's temporaries live in a manager
 * closed after the next step, so memory stays flat however long the chain.
 */
public final class Chain {
    private Chain() {}

    /** {@code steps} transitions from {@code start} (left where it is); the final state's arrays move to {@code out}. */
    public static PathState run(GeometricPath path, double beta, MarkovKernel kernel, PathState start, int steps,
            long seed, NDManager out) {
        PathState state = start;
        NDManager current = null;
        for (int i = 0; i < steps; i++) {
            NDManager next = out.newSubManager();
            state = kernel.step(path, beta, state, Rng.derive(seed, i), next);
            kernel.observe(state.acceptance());
            if (current != null) {
                current.close();
            }
            current = next;
        }
        if (current != null) {
            state.attach(out);
            current.close();
        }
        return state;
    }
}
