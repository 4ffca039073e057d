package org.boltzflow.flows;

import ai.djl.engine.Engine;

/**
 * One place that prepares DJL's PyTorch engine: always offline (the native libraries come from the
 * {@code pytorch-native-cpu} jar), with a settable number of intra-op threads. Call {@link #init(int)} before the
 * first NDArray is made; later calls are harmless.
 */
public final class Engines {
    private static volatile boolean started;

    private Engines() {}

    /** Starts the engine offline with {@code threads} intra-op threads (0 keeps PyTorch's default). */
    public static synchronized Engine init(int threads) {
        if (!started) {
            System.setProperty("ai.djl.offline", "true");
            if (threads > 0) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            started = true;
        }
        return Engine.getEngine("PyTorch");
    }

    /** Starts the engine offline with PyTorch's default thread count. */
    public static Engine init() {
        return init(0);
    }
}
