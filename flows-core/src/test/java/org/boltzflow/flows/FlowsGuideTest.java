package org.boltzflow.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.layers.Glow;
import org.boltzflow.flows.layers.ImageShape;
import org.boltzflow.flows.layers.ResidualBlock;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java snippets of {@code docs/flows.md} (the docs test {@code DocSnippetsTest} checks they are this code). */
class FlowsGuideTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void conditionalFlowSnippetRuns(@TempDir Path dir) throws Exception {
        double[] mean;
        // guide: conditional
        try (NDManager manager = NDManager.newBaseManager()) {
            List<FlowLayer> layers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {                  // a context of size 1 in every coupling
                layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), 1, new int[] {32, 32},
                        Activation.TANH, AffineCoupling.DEFAULT_SCALE_BOUND, DataType.FLOAT64, Rng.derive(7L, i)));
            }
            NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 2, false, DataType.FLOAT64),
                    layers);
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.fixed(3e-3f)).build();
            trainer.fit((m, step, seed) -> {
                NDArray c = Rng.uniform(m, new Shape(256, 1), DataType.FLOAT64, -1, 1, seed);  // a context per row
                NDArray x = Rng.normal(m, new Shape(256, 2), DataType.FLOAT64, Rng.derive(seed, 1)).mul(0.3)
                        .add(c.concat(c.neg(), 1));                                  // x | c ~ N((c, -c), 0.3²)
                return flow.forwardKld(x, c);
            }, 0, 150, 11L, report -> { });
            NDArray at = manager.create(new double[] {0.5}, new Shape(1, 1));     // one context for a whole batch
            Sample s = flow.sample(manager, 2000, at, 3L);                         // draws of q(x | c = 0.5)
            NDArray logQ = flow.logProb(s.x(), at);                                // equals s.logProb()
            FlowIO.save(flow, dir, "conditional");                                 // the context size is kept
            NormalizingFlow loaded = FlowIO.load(dir, "conditional", manager, NormalizingFlow.class);
            // guide: end
            mean = s.x().mean(new int[] {0}).toDoubleArray();
            assertEquals(1, loaded.contextSize());
            org.boltzflow.flows.testing.LayerChecks.assertClose(s.logProb().toDoubleArray(), logQ.toDoubleArray(),
                    1e-9, "sampled log-density against logProb");
        }
        assertEquals(0.5, mean[0], 0.1, "mean of x1 at c = 0.5");
        assertEquals(-0.5, mean[1], 0.1, "mean of x2 at c = 0.5");
    }

    @Test
    void residualAndGlowSnippetRuns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // guide: residual and Glow
            ResidualBlock block = new ResidualBlock(manager, 5, ResidualBlock.Settings.of(32)   // Lip(g) <= 0.9
                    .withLogDet(ResidualBlock.LogDet.ROULETTE), DataType.FLOAT64, 1L);            // for training
            NormalizingFlow residual = new NormalizingFlow(new DiagonalGaussian(manager, 5, false, DataType.FLOAT64),
                    List.of(block));
            NormalizingFlow glow = Glow.multiscale(manager, new ImageShape(1, 8, 8),              // 8x8 grey images
                    new Glow.Settings(3, 4, 32, 2.0), DataType.FLOAT64, 2L);  // levels, steps, hidden, log-scale bound
            // guide: end
            NDArray x = Rng.normal(manager, new Shape(3, 5), DataType.FLOAT64, 1L);
            assertTrue(Double.isFinite(residual.logProb(x).sum().getDouble()));
            assertEquals(64, glow.dim());
        }
    }
}
