package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
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
        int steps = 700;
        try (NDManager m = NDManager.newBaseManager()) {
            CylinderTarget target = new CylinderTarget();
            List<Domain> domains = target.domains();
            NormalizingFlow flow = new NormalizingFlow(ProductDistribution.forDomains(m, domains, DataType.FLOAT64),
                    SplineStacks.coupling(m, domains, 4, SplineSettings.of(8), new int[] {32, 32}, Activation.TANH,
                            DataType.FLOAT64, 1L));
            Trainer trainer = Trainer.builder(flow)
                    .learningRate(Tracker.cosine().setBaseValue(5e-3f).optFinalValue(1e-4f).setMaxUpdates(steps).build())
                    .build();
            trainer.fit((mm, step, seed) -> flow.reverseKld(mm, 256, target, 1.0, seed), 0, steps, 2L, r -> { });
            double kl = flow.reverseKlEstimate(target, 100_000, 5L);
            System.out.printf("cylinder: KL(q||p) %.5f nats after %d steps%n", kl, steps);
            assertTrue(kl <= 0.02, "KL(q||p) " + kl);
        }
    }
}
