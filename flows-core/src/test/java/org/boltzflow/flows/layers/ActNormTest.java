package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ComponentRegistry;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActNormTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static NDArray data(NDManager manager) {
        return Rng.normal(manager, new Shape(200, 3), DataType.FLOAT64, 1L).mul(manager.create(new double[] {4, 0.5,
            2})).add(manager.create(new double[] {-3, 1, 10}));
    }

    private static void assertStandardized(NDArray batch) {
        double[] mean = batch.mean(new int[] {0}).toDoubleArray();
        double[] var = batch.sub(batch.mean(new int[] {0}, true)).square().mean(new int[] {0}).toDoubleArray();
        for (int i = 0; i < mean.length; i++) {
            assertEquals(0.0, mean[i], 1e-10, "mean of coordinate " + i);
            assertEquals(1.0, var[i], 1e-5, "variance of coordinate " + i);
        }
    }

    @Test
    void firstInverseStandardizesTheDataBatchOnlyOnce() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ActNorm layer = new ActNorm(manager, 3, DataType.FLOAT64);
            assertFalse(layer.isInitialized());
            NDArray x = data(manager);
            assertStandardized(layer.inverse(x).value());
            assertTrue(layer.isInitialized());
            double[] before = layer.parameters().get(1).getArray().toDoubleArray();
            layer.inverse(x.mul(7.0));
            assertArrayEquals(before, layer.parameters().get(1).getArray().toDoubleArray(), "no second init");
        }
    }

    @Test
    void firstForwardStandardizesItsOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ActNorm layer = new ActNorm(manager, 3, DataType.FLOAT64);
            assertStandardized(layer.forward(data(manager)).value());
        }
    }

    @Test
    void explicitInitializationAndItsSavedStateSurviveARebuild() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ActNorm layer = new ActNorm(manager, 3, DataType.FLOAT64);
            NDArray x = data(manager);
            layer.initialize(x);
            ActNorm copy = (ActNorm) ComponentRegistry.load().create(layer.toJson(), manager, FlowLayer.class);
            assertFalse(copy.isInitialized());
            LayerChecks.copyParameters(layer, copy);
            assertTrue(copy.isInitialized(), "the initialised flag is a saved parameter");
            NDArray other = Rng.normal(manager, new Shape(5, 3), DataType.FLOAT64, 9L);
            assertArrayEquals(layer.inverse(other).value().toDoubleArray(), copy.inverse(other).value().toDoubleArray());
        }
    }
}
