package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchNormFlowTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void trainingModeNormalizesWithBatchStatisticsAndUpdatesRunningAverages() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNormFlow layer = new BatchNormFlow(manager, 2, 0.25, 1e-5, DataType.FLOAT64);
            NDArray x = Rng.normal(manager, new Shape(400, 2), DataType.FLOAT64, 3L).mul(manager.create(new double[] {3,
                0.2})).add(manager.create(new double[] {5, -1}));
            double[] mean = x.mean(new int[] {0}).toDoubleArray();
            double[] var = x.sub(x.mean(new int[] {0}, true)).square().mean(new int[] {0}).toDoubleArray();
            FlowResult r = layer.inverse(x);
            double[] zMean = r.value().mean(new int[] {0}).toDoubleArray();
            assertEquals(0.0, zMean[0], 1e-10);
            assertEquals(0.0, zMean[1], 1e-10);
            double expectedLogDet = -0.5 * (Math.log(var[0] + 1e-5) + Math.log(var[1] + 1e-5));
            assertEquals(expectedLogDet, r.logDet().toDoubleArray()[17], 1e-12);
            double[] runningMean = layer.parameters().get(2).getArray().toDoubleArray();
            double[] runningVar = layer.parameters().get(3).getArray().toDoubleArray();
            assertEquals(0.25 * mean[0], runningMean[0], 1e-12);
            assertEquals(0.75 + 0.25 * var[1], runningVar[1], 1e-12);
        }
    }

    @Test
    void evaluationModeUsesRunningStatisticsInBothDirections() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNormFlow layer = new BatchNormFlow(manager, 3, DataType.FLOAT64);
            layer.inverse(Rng.normal(manager, new Shape(50, 3), DataType.FLOAT64, 1L).mul(2).add(1));
            layer.setTraining(false);
            NDArray x = Rng.normal(manager, new Shape(1, 3), DataType.FLOAT64, 2L);
            NDArray batch = Rng.normal(manager, new Shape(9, 3), DataType.FLOAT64, 4L).concat(x, 0);
            assertArrayEquals(layer.inverse(x).value().toDoubleArray(),
                    layer.inverse(batch).value().get("9:10").toDoubleArray(), 1e-14, "independent of the batch");
            LayerChecks.assertRoundTrip(layer, batch, 1e-12);
        }
    }

    @Test
    void badSettingsAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new BatchNormFlow(manager, 2, 0, 1e-5,
                    DataType.FLOAT64));
        }
    }
}
