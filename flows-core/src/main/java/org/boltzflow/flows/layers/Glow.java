package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.DiagonalGaussian;

/**
 * Glow's multiscale architecture (Kingma &amp; Dhariwal 2018), built like normflows' {@code MultiscaleFlow}. In the
 * density direction each level squeezes the image ({@link Squeeze}), then takes {@code steps} steps of
 * {@link ActNorm} (per channel), an invertible 1x1 convolution ({@link LuLinear} over channels) and a
 * {@link ConvAffineCoupling}; every level but the last then factors out half of its channels with a learned
 * conditional Gaussian (a {@link ConvAffineCoupling} on them, whose output is standard normal under the base), and
 * the next level works on the kept half. Factored-out coordinates stay at the end of the row
 * ({@link LeadingCoordinates}), so the flow is a {@link NormalizingFlow} on {@code C·H·W} coordinates with a
 * standard normal base.
 */
public final class Glow {
    private Glow() {}

    /**
     * Settings: {@code levels} levels (each halves height and width, so they must divide them {@code levels}
     * times), {@code steps} flow steps per level, {@code hidden} channels in each coupling network and the bound
     * of the couplings' log-scales.
     */
    public record Settings(int levels, int steps, int hidden, double scaleBound) {
        /** Checks the sizes. */
        public Settings {
            if (levels < 1 || steps < 1 || hidden < 1) {
                throw new IllegalArgumentException("Glow needs levels, steps and hidden channels >= 1");
            }
        }
    }

    /** A Glow on images of {@code image} shape, weights drawn from {@code seed}. */
    public static NormalizingFlow multiscale(NDManager manager, ImageShape image, Settings settings, DataType dtype,
            long seed) {
        int dim = image.size();
        List<FlowLayer> densityOrder = new ArrayList<>();
        ImageShape shape = image;
        long stream = 0;
        for (int level = 0; level < settings.levels(); level++) {
            Squeeze squeeze = new Squeeze(shape);
            densityOrder.add(LeadingCoordinates.of(squeeze, shape.size(), dim));
            shape = squeeze.squeezed();
            for (int step = 0; step < settings.steps(); step++) {
                densityOrder.add(LeadingCoordinates.of(new ActNorm(manager, shape.channels(), shape.pixels(), dtype),
                        shape.size(), dim));
                densityOrder.add(LeadingCoordinates.of(new LuLinear(manager, shape.channels(), shape.pixels(), dtype,
                        Rng.derive(seed, stream++)), shape.size(), dim));
                densityOrder.add(LeadingCoordinates.of(new ConvAffineCoupling(manager, shape, settings.hidden(),
                        settings.scaleBound(), dtype, Rng.derive(seed, stream++)), shape.size(), dim));
            }
            if (level + 1 < settings.levels()) {
                densityOrder.add(LeadingCoordinates.of(new ConvAffineCoupling(manager, shape, settings.hidden(),
                        settings.scaleBound(), dtype, Rng.derive(seed, stream++)), shape.size(), dim));
                shape = shape.firstChannels(shape.channels() / 2);
            }
        }
        Collections.reverse(densityOrder);
        return new NormalizingFlow(new DiagonalGaussian(manager, dim, false, dtype), densityOrder);
    }
}
