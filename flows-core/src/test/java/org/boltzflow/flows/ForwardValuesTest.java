package org.boltzflow.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.layers.SplineStacks;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForwardValuesTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void givesForwardsNumbersBitForBitAndLeavesOnlyItsResultsInTheCallersManager() {
        List<Domain> domains = List.of(Domain.circular(), Domain.unbounded(5), Domain.circular(), Domain.unbounded(5));
        try (NDManager model = NDManager.newBaseManager(); NDManager caller = NDManager.newBaseManager()) {
            NormalizingFlow flow = new NormalizingFlow(ProductDistribution.forDomains(model, domains, DataType.FLOAT64),
                    SplineStacks.coupling(model, domains, 3, SplineSettings.of(8), new int[] {16}, Activation.TANH,
                            DataType.FLOAT64, 7L));
            NDArray z = flow.base().sample(caller, 64, 3L).x();
            FlowResult full = flow.forward(z, 0L);
            int before = caller.getManagedArrays().size();
            FlowResult values = flow.forwardValues(z, 0L);
            assertArrayEquals(full.value().toDoubleArray(), values.value().toDoubleArray(), 0.0);
            assertArrayEquals(full.logDet().toDoubleArray(), values.logDet().toDoubleArray(), 0.0);
            // the layers' temporaries are gone: what stays is a value and a log-det per layer and the running sums
            int layers = flow.layers().size();
            assertTrue(caller.getManagedArrays().size() - before <= 3 * layers + 1,
                    (caller.getManagedArrays().size() - before) + " arrays left for " + layers + " layers");
        }
    }
}
