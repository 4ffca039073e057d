package org.boltzflow.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;

/** Ready-made flows for the examples and benchmarks. */
public final class FlowModels {
    private FlowModels() {}

    /**
     * A RealNVP: a trainable diagonal Gaussian base and {@code blocks} affine coupling layers whose masks alternate
     * between even and odd coordinates, each conditioned by an MLP with hidden widths {@code hidden} and {@code activation};
     * layer {@code i} is initialised from {@code Rng.derive(seed, i)}.
     */
    public static NormalizingFlow realNvp(NDManager manager, int dim, int blocks, int[] hidden, Activation activation,
            DataType dtype, long seed) {
        List<FlowLayer> layers = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(dim, i % 2), hidden, activation,
                    AffineCoupling.DEFAULT_SCALE_BOUND, dtype, Rng.derive(seed, i)));
        }
        return new NormalizingFlow(new DiagonalGaussian(manager, dim, true, dtype), layers);
    }
}
