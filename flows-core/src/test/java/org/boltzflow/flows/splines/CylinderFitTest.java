package org.boltzflow.flows.splines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.CylinderTarget;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CylinderFitTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void reverseKlFitOfTheCylinderReachesTwoHundredthsOfANat() {
        int blocks = Integer.parseInt(System.getenv().getOrDefault("CYL_BLOCKS", "4"));
        int hiddenW = Integer.parseInt(System.getenv().getOrDefault("CYL_HIDDEN", "32"));
        int bins = Integer.parseInt(System.getenv().getOrDefault("CYL_BINS", "8"));
        int steps = Integer.parseInt(System.getenv().getOrDefault("CYL_STEPS", "1500"));
        int batch = Integer.parseInt(System.getenv().getOrDefault("CYL_BATCH", "256"));
        float lr = Float.parseFloat(System.getenv().getOrDefault("CYL_LR", "5e-3"));
        try (NDManager m = NDManager.newBaseManager()) {
            CylinderTarget target = new CylinderTarget();
            List<Domain> domains = target.domains();
            NormalizingFlow flow = new NormalizingFlow(ProductDistribution.forDomains(m, domains, DataType.FLOAT64),
                    SplineStacks.coupling(m, domains, blocks, SplineSettings.of(bins), new int[] {hiddenW, hiddenW},
                            Activation.TANH, DataType.FLOAT64, 1L));
            Trainer trainer = Trainer.builder(flow)
                    .learningRate(Tracker.cosine().setBaseValue(lr).optFinalValue(lr * 0.02f).setMaxUpdates(steps).build())
                    .maxGradNorm(100.0).build();
            long t0 = System.nanoTime();
            trainer.fit((mm, step, seed) -> flow.reverseKld(mm, batch, target, 1.0, seed), 0, steps, 2L, r -> {
                if (r.step() % 100 == 0 || System.getenv("CYL_ALL") != null) {
                    System.out.println("step " + r.step() + " loss " + r.loss());
                }
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            double kl = klOnSamples(flow, target, 100_000);
            System.out.printf("cylinder: KL %.5f nats after %d steps in %.1f s%n", kl, steps, seconds);
            assertTrue(kl <= 0.02, "KL(q||p) " + kl);
        }
    }

    /** KL(q‖p) = E_q[log q - log p] over {@code n} flow samples, p normalized analytically. */
    static double klOnSamples(NormalizingFlow flow, org.boltzflow.flows.Target target, int n) {
        double sum = 0;
        int chunk = 10_000;
        for (int start = 0; start < n; start += chunk) {
            try (NDManager scratch = NDManager.newBaseManager()) {
                Sample s = flow.sample(scratch, chunk, 1000L + start);
                sum += s.logProb().sub(target.logProb(s.x())).sum().getDouble();
            }
        }
        return sum / n;
    }
}
