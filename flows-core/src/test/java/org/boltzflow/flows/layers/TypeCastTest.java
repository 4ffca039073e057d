package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TypeCastTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void widensExactlyRoundsOnTheWayBackAndAddsNoLogDet() {
        try (NDManager m = NDManager.newBaseManager()) {
            TypeCast cast = new TypeCast(DataType.FLOAT32, DataType.FLOAT64);
            float[] inner = {0.1f, -3.25f, 1e-7f, 12345.678f, 0.5f, -1f};
            FlowResult wide = cast.forward(m.create(inner).reshape(2, 3));
            assertEquals(DataType.FLOAT64, wide.value().getDataType());
            double[] widened = wide.value().toDoubleArray();
            for (int i = 0; i < inner.length; i++) {
                assertEquals(inner[i], widened[i], 0.0);
            }
            assertArrayEquals(new double[2], wide.logDet().toDoubleArray(), 0.0);

            double[] outer = {0.1, -3.25, Math.PI, 1e-9, 2.0 / 3, 7};
            FlowResult narrow = cast.inverse(m.create(outer).reshape(2, 3));
            assertEquals(DataType.FLOAT32, narrow.value().getDataType());
            float[] rounded = narrow.value().toFloatArray();
            for (int i = 0; i < outer.length; i++) {
                assertEquals((float) outer[i], rounded[i], 0f);
            }
            assertEquals(DataType.FLOAT64, narrow.logDet().getDataType());
            assertArrayEquals(new double[2], narrow.logDet().toDoubleArray(), 0.0);
        }
    }

    @Test
    void gradientsReachTheInnerSide() {
        try (NDManager m = NDManager.newBaseManager()) {
            TypeCast cast = new TypeCast(DataType.FLOAT32, DataType.FLOAT64);
            NDArray p = m.create(new float[] {1f, -2f, 0.5f}).reshape(1, 3);
            p.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = cast.forward(p.mul(2f)).value();
                gc.backward(x.square().sum()); // d/dp (2p)^2 = 8p
            }
            assertArrayEquals(new float[] {8f, -16f, 4f}, p.getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void aFlowRefusesDataGradientsThroughANarrowingCastRatherThanGivingNone() {
        try (NDManager m = NDManager.newBaseManager()) {
            TypeCast cast = new TypeCast(DataType.FLOAT32, DataType.FLOAT64);
            assertTrue(!cast.passesDataGradients() && new TypeCast(DataType.FLOAT64, DataType.FLOAT64)
                    .passesDataGradients());
            NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(m, 2, false, DataType.FLOAT32),
                    List.of(cast));
            NDArray x = m.create(new double[] {0.5, -1.5}).reshape(1, 2);
            assertEquals(-0.5 * (0.25 + 2.25) - Math.log(2 * Math.PI), flow.logProb(x).getDouble(), 1e-6);
            x.setRequiresGradient(true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flow.logProb(x));
            assertEquals("x requires gradients, which do not pass back through this flow's TypeCast layer: "
                    + "differentiate log q(x) on a float64 copy of the model (FlowIO.widened)", e.getMessage());
        }
    }

    @Test
    void rebuildsFromItsJsonAndRefusesIntegerTypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            TypeCast cast = new TypeCast(DataType.FLOAT32, DataType.FLOAT64);
            LayerChecks.assertRebuildsFromJson(cast, m.create(new float[] {1.5f, -2f, 3f, 4f}).reshape(2, 2));
            assertEquals("FLOAT32", cast.toJson().get("inner").getAsString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TypeCast(DataType.INT64, DataType.FLOAT64));
        assertTrue(e.getMessage().contains("floating-point types, got int64"), e.getMessage());
    }
}
