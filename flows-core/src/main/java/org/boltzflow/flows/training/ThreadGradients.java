package org.boltzflow.flows.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.DoubleSupplier;

/**
 * Gradient recording on the calling thread. PyTorch keeps its gradient mode per thread, and DJL's
 * {@code GradientCollector} allows one collector at a time in the whole process, so a second thread that computes
 * part of a step's loss turns recording on for itself and runs its own backward pass.
 */
final class ThreadGradients {
    private ThreadGradients() {}

    /** Runs {@code work} with gradient recording on for this thread, then restores the thread's previous mode. */
    static double recording(DoubleSupplier work) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return work.getAsDouble();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** Back-propagates the scalar {@code loss}, adding its gradients to the parameters'. */
    static void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }
}
