package org.boltzflow.flows.layers;

import static org.boltzflow.flows.testing.LayerChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AutoregressiveSplineTest {
    private static final List<Domain> DOMAINS =
            List.of(Domain.circular(), Domain.unbounded(4.0), Domain.bounded(0.0, 1.0), Domain.circular());

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void freshLayerIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = points(m, 1L);
            FlowResult r = layer(m).forward(x);
            assertClose(x.toDoubleArray(), r.value().toDoubleArray(), 1e-12, "fresh layer");
            assertClose(new double[12], r.logDet().toDoubleArray(), 1e-12, "fresh log-det");
        }
    }

    @Test
    void perturbedLayerIsAnExactBijection() {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoregressiveSpline layer = layer(m);
            LayerChecks.perturb(layer, 0.3, 2L);
            LayerChecks.assertBijection(layer, points(m, 3L));
            LayerChecks.assertRebuildsFromJson(layer, points(m, 4L));
        }
    }

    @Test
    void eachCoordinateDependsOnlyOnTheOnesBeforeIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoregressiveSpline layer = layer(m);
            LayerChecks.perturb(layer, 0.3, 5L);
            NDArray x = points(m, 6L).get("0:1");
            double[] base = layer.inverse(x).value().toDoubleArray();
            for (int j = 0; j < 4; j++) {
                double[] bump = new double[4];
                bump[j] = 0.05;
                double[] moved = layer.inverse(x.add(m.create(bump).reshape(1, 4))).value().toDoubleArray();
                for (int i = 0; i < 4; i++) {
                    if (i < j) {
                        assertEquals(base[i], moved[i], 0.0, "z" + i + " moved with x" + j);
                    } else if (i == j + 1) {
                        assertNotEquals(base[i], moved[i], "z" + i + " ignores x" + j);
                    }
                }
            }
        }
    }

    private static AutoregressiveSpline layer(NDManager m) {
        return new AutoregressiveSpline(m, DOMAINS, SplineSettings.of(6), new int[] {24, 24}, Activation.TANH,
                DataType.FLOAT64, 7L);
    }

    private static NDArray points(NDManager m, long seed) {
        NDArray u = Rng.uniform(m, new Shape(12, 4), DataType.FLOAT64, 0.0, 1.0, seed);
        NDArray scale = m.create(new double[] {2 * Math.PI - 0.02, 12.0, 0.98, 2 * Math.PI - 0.02}).reshape(1, 4);
        NDArray offset = m.create(new double[] {-Math.PI + 0.01, -6.0, 0.01, -Math.PI + 0.01}).reshape(1, 4);
        return u.mul(scale).add(offset);
    }
}
