package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Planar and radial flows in the regimes where invertibility is at stake: strong contraction toward the plane/centre. */
class PlanarRadialTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    /** u anti-aligned with w (w·u = -3, below -1) would fold space; the û constraint keeps it a bijection. */
    @Test
    void planarStaysInvertibleWhenUOpposesW() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Planar layer = new Planar(manager, 3, DataType.FLOAT64, 1L);
            layer.parameters().get(0).getArray().set(new double[] {-1, -1, -1});
            layer.parameters().get(1).getArray().set(new double[] {1, 1, 1});
            NDArray z = Rng.normal(manager, new Shape(8, 3), DataType.FLOAT64, 2L).mul(0.3);
            LayerChecks.assertBijection(layer, z);
        }
    }

    /** The gradient of the numerical inverse with respect to b equals a finite difference of the inverse. */
    @Test
    void planarInverseHasTheImplicitGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Planar layer = new Planar(manager, 2, DataType.FLOAT64, 3L);
            LayerChecks.perturb(layer, 0.5, 4L);
            NDArray x = Rng.normal(manager, new Shape(5, 2), DataType.FLOAT64, 5L);
            double grad;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(layer.inverse(x).value().sum());
                grad = layer.parameters().get(2).getArray().getGradient().getDouble(0);
            }
            NDArray b = layer.parameters().get(2).getArray();
            double b0 = b.getDouble(0);
            double h = 1e-6;
            b.set(new double[] {b0 + h});
            double plus = layer.inverse(x).value().sum().getDouble();
            b.set(new double[] {b0 - h});
            double minus = layer.inverse(x).value().sum().getDouble();
            assertEquals((plus - minus) / (2 * h), grad, 1e-7);
            assertTrue(Math.abs(grad) > 1e-3, "a gradient that could be wrong");
        }
    }

    /** β close to -α pulls everything hard toward z0; the closed-form inverse must still be exact, also near z0. */
    @Test
    void radialIsExactWhenContractingAndNearItsCentre() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Radial layer = new Radial(manager, 3, DataType.FLOAT64, 6L);
            layer.parameters().get(0).getArray().set(new double[] {0.2, -0.1, 0.3});
            layer.parameters().get(1).getArray().set(new double[] {0.5});
            layer.parameters().get(2).getArray().set(new double[] {-4.0});
            NDArray z = Rng.normal(manager, new Shape(6, 3), DataType.FLOAT64, 7L).mul(0.1)
                    .add(manager.create(new double[] {0.2, -0.1, 0.3}));
            LayerChecks.assertBijection(layer, z);
            FlowLayer expanding = new Radial(manager, 3, DataType.FLOAT64, 8L);
            expanding.parameters().get(2).getArray().set(new double[] {3.0});
            LayerChecks.assertBijection(expanding, z);
        }
    }
}
