package org.boltzflow.flows.layers;

import static org.boltzflow.flows.testing.LayerChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SplineCouplingTest {
    private static final List<Domain> DOMAINS =
            List.of(Domain.unbounded(4.0), Domain.circular(), Domain.bounded(0.0, 1.0), Domain.circular());

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void freshLayerIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplineCoupling layer = coupling(m, new boolean[] {true, false, true, false});
            NDArray x = points(m, 9L);
            FlowResult r = layer.forward(x);
            assertClose(x.toDoubleArray(), r.value().toDoubleArray(), 1e-12, "fresh layer");
            assertClose(new double[16], r.logDet().toDoubleArray(), 1e-12, "fresh log-det");
        }
    }

    @Test
    void trainedLookingLayerRoundTripsAndMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean[] mask : List.of(new boolean[] {true, false, true, false},
                    new boolean[] {false, true, false, true}, new boolean[] {false, false, true, false})) {
                SplineCoupling layer = coupling(m, mask);
                LayerChecks.perturb(layer, 0.4, 3L);
                NDArray x = points(m, 5L);
                LayerChecks.assertRoundTrip(layer, x, 1e-10);
                LayerChecks.assertForwardLogDetMatchesJacobian(layer, x, 1e-6, 1e-6);
                LayerChecks.assertInverseLogDetMatchesJacobian(layer, x, 1e-6, 1e-6);
                LayerChecks.assertBatchEqualsRows(layer, x, 1e-12);
                assertChangesOnlyTransformedCoordinates(layer, x, mask);
            }
        }
    }

    @Test
    void conditioningAnglesAreSeenOnTheCircle() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplineCoupling layer = coupling(m, new boolean[] {false, true, false, true});
            LayerChecks.perturb(layer, 0.4, 4L);
            NDArray x = points(m, 6L);
            NDArray turned = x.add(m.create(new double[] {0, 2 * Math.PI, 0, -2 * Math.PI}).reshape(1, 4));
            double[] a = layer.forward(x).value().toDoubleArray();
            double[] b = layer.forward(turned).value().toDoubleArray();
            for (int i = 0; i < a.length; i += 4) {
                assertEquals(a[i], b[i], 1e-12, "unbounded output");
                assertEquals(a[i + 2], b[i + 2], 1e-12, "bounded output");
            }
        }
    }

    @Test
    void savedArchitectureRebuildsTheSameLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplineCoupling layer = coupling(m, new boolean[] {true, false, false, true});
            LayerChecks.perturb(layer, 0.4, 8L);
            LayerChecks.assertRebuildsFromJson(layer, points(m, 10L));
        }
    }

    @Test
    void masksMustConditionAndTransformSomething() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> coupling(m, new boolean[] {true, true, true, true}));
            assertThrows(IllegalArgumentException.class, () -> coupling(m, new boolean[] {true, false}));
        }
    }

    private static void assertChangesOnlyTransformedCoordinates(FlowLayer layer, NDArray x, boolean[] mask) {
        double[] in = x.toDoubleArray();
        double[] out = layer.forward(x).value().toDoubleArray();
        for (int i = 0; i < in.length; i++) {
            if (mask[i % mask.length]) {
                assertEquals(in[i], out[i], 0.0, "conditioning coordinate " + i % mask.length + " changed");
            }
        }
    }

    private static SplineCoupling coupling(NDManager m, boolean[] mask) {
        return new SplineCoupling(m, DOMAINS, mask, SplineSettings.of(6), new int[] {16, 16}, Activation.TANH,
                DataType.FLOAT64, 21L);
    }

    /** 16 points: inside every interval, in the unbounded tails, and near ±π. */
    private static NDArray points(NDManager m, long seed) {
        NDArray u = Rng.uniform(m, new Shape(16, 4), DataType.FLOAT64, 0.0, 1.0, seed);
        NDArray scale = m.create(new double[] {12.0, 2 * Math.PI - 0.02, 0.98, 2 * Math.PI - 0.02}).reshape(1, 4);
        NDArray offset = m.create(new double[] {-6.0, -Math.PI + 0.01, 0.01, -Math.PI + 0.01}).reshape(1, 4);
        return u.mul(scale).add(offset);
    }
}
