package org.boltzflow.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.testing.LayerChecks;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conditional flow learns p(x | c) for a 2D target whose mode moves with c: {@code x1 | c ~ N(2c, 0.5²)},
 * {@code x2 | x1, c ~ N(sin(2 x1) - c, 0.3²)}, c uniform on [-1, 1]. Its entropy is the same for every c, so the
 * flow's test NLL at any c is that entropy plus KL(p‖q) at that c.
 */
class ConditionalFlowTest {
    private static final double S1 = 0.5;
    private static final double S2 = 0.3;
    private static final double ENTROPY = 0.5 * Math.log(2 * Math.PI * Math.E * S1 * S1)
            + 0.5 * Math.log(2 * Math.PI * Math.E * S2 * S2);

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    /** {@code n} draws of the target at the contexts {@code c} (one per row), as {@code (n, 2)}. */
    private static NDArray target(NDManager manager, double[] c, long seed) {
        double[] eps = Rng.normal(manager, new Shape(c.length, 2), DataType.FLOAT64, seed).toDoubleArray();
        double[] x = new double[2 * c.length];
        for (int i = 0; i < c.length; i++) {
            x[2 * i] = 2 * c[i] + S1 * eps[2 * i];
            x[2 * i + 1] = Math.sin(2 * x[2 * i]) - c[i] + S2 * eps[2 * i + 1];
        }
        return manager.create(x, new Shape(c.length, 2));
    }

    private static NormalizingFlow flow(NDManager manager, long seed) {
        List<FlowLayer> layers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), 1, new int[] {32, 32},
                    Activation.TANH, AffineCoupling.DEFAULT_SCALE_BOUND, DataType.FLOAT64, Rng.derive(seed, i)));
        }
        return new NormalizingFlow(new DiagonalGaussian(manager, 2, false, DataType.FLOAT64), layers);
    }

    @Test
    void fitsAConditionalDensityWithinATenthOfANatAtThreeContexts(@TempDir Path dir) throws Exception {
        int steps = 800;
        int batch = 256;
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = flow(manager, 1L);
            assertEquals(1, flow.contextSize());
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.cosine().setBaseValue(3e-3f)
                    .optFinalValue(1e-4f).setMaxUpdates(steps).build()).maxGradNorm(100.0).build();
            trainer.fit((m, step, seed) -> {
                SplittableRandom random = new SplittableRandom(seed);
                double[] c = new double[batch];
                for (int i = 0; i < batch; i++) {
                    c[i] = 2 * random.nextDouble() - 1;
                }
                NDArray context = m.create(c, new Shape(batch, 1));
                return flow.forwardKld(target(m, c, Rng.derive(seed, 1)), context);
            }, 0, steps, 5L, r -> { });
            int n = 20000;
            for (double c : new double[] {-0.8, 0.0, 0.8}) {
                try (NDManager scratch = manager.newSubManager()) {
                    double[] contexts = new double[n];
                    java.util.Arrays.fill(contexts, c);
                    NDArray x = target(scratch, contexts, Rng.derive(9L, (long) (10 * c)));
                    double nll = -flow.logProb(x, scratch.create(new double[] {c}, new Shape(1, 1))).mean()
                            .getDouble();
                    System.out.printf("conditional flow at c = %+.1f: NLL %.4f, entropy %.4f%n", c, nll, ENTROPY);
                    assertTrue(nll - ENTROPY < 0.1 && nll - ENTROPY > -0.05, "c = " + c + ": NLL " + nll
                            + " vs the target's entropy " + ENTROPY);
                    double[] drawn = flow.sample(scratch, 2000, scratch.create(new double[] {c}, new Shape(1, 1)), 4L)
                            .x().get(":, 0").mean().toDoubleArray();
                    assertEquals(2 * c, drawn[0], 0.1, "mean of x1 sampled at c = " + c);
                }
            }
            FlowIO.save(flow, dir, "conditional");
            NormalizingFlow loaded = FlowIO.load(dir, "conditional", manager, NormalizingFlow.class);
            assertEquals(1, loaded.contextSize());
            NDArray x = target(manager, new double[] {0.3, -0.2}, 3L);
            NDArray context = manager.create(new double[] {0.3, -0.2}, new Shape(2, 1));
            LayerChecks.assertClose(flow.logProb(x, context).toDoubleArray(), loaded.logProb(x, context)
                    .toDoubleArray(), 0, "log-density of the loaded flow");
        }
    }

    @Test
    void contextIsCheckedAndRequired() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = flow(manager, 2L);
            NDArray x = target(manager, new double[] {0.1, 0.2, 0.3}, 1L);
            assertThrows(IllegalArgumentException.class, () -> flow.logProb(x));
            assertThrows(IllegalArgumentException.class,
                    () -> flow.logProb(x, manager.zeros(new Shape(2, 1), DataType.FLOAT64)));
            assertThrows(IllegalArgumentException.class,
                    () -> flow.logProb(x, manager.zeros(new Shape(3, 2), DataType.FLOAT64)));
            assertThrows(IllegalArgumentException.class, () -> new NormalizingFlow(flow.base(), List.of(
                    flow.layers().get(0), new AffineCoupling(manager, AffineCoupling.alternatingMask(2, 1), 2,
                            new int[] {4}, Activation.TANH, 2.0, DataType.FLOAT64, 0L))));
        }
    }
}
