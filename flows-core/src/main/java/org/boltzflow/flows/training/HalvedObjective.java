package org.boltzflow.flows.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * An objective whose loss is the sum of the losses of two halves of its batch, each computed on its own. A
 * {@link Trainer} with two threads computes the halves side by side, with one thread one after the other; the
 * parameter gradients are the same to the last bit either way, because each parameter's gradient is the sum of
 * exactly two terms and adding two floating-point numbers does not depend on their order. The model's forward pass
 * must keep no mutable state, since both halves run it at once.
 */
public interface HalvedObjective extends Objective {
    /**
     * The loss of {@code half} (0 or 1) of the batch of {@code step}, a scalar attached to the autograd graph and
     * scaled so that the two halves sum to the step's loss. Both halves see the same {@code step} and {@code seed}.
     */
    NDArray halfLoss(NDManager manager, long step, long seed, int half);

    /** Both halves summed. */
    @Override
    default NDArray loss(NDManager manager, long step, long seed) {
        return halfLoss(manager, step, seed, 0).add(halfLoss(manager, step, seed, 1));
    }

    /**
     * Where {@code half} (0 or 1) of a batch of {@code size} rows begins; 2 gives {@code size}, so half {@code h}
     * holds rows {@code from(size, h)} up to {@code from(size, h + 1)}.
     */
    static int from(int size, int half) {
        return half == 0 ? 0 : half == 1 ? size / 2 : size;
    }
}
