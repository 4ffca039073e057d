package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MadeTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    /** Output parameters of coordinate i move with input j exactly when j comes before i in the ordering. */
    @Test
    void outputsDependOnlyOnEarlierCoordinatesOfAnArbitraryOrdering() {
        int[] ordering = {2, 0, 4, 1, 3};
        try (NDManager manager = NDManager.newBaseManager()) {
            Made made = new Made(manager, 5, 0, new int[] {16, 12}, 3, ordering, Activation.TANH, false,
                    DataType.FLOAT64, 3L);
            double[] x = Rng.normal(manager, new Shape(5), DataType.FLOAT64, 4L).toDoubleArray();
            double[] base = made.apply(manager.create(x).reshape(1, 5)).toDoubleArray();
            for (int j = 0; j < 5; j++) {
                double[] moved = x.clone();
                moved[j] += 0.7;
                double[] out = made.apply(manager.create(moved).reshape(1, 5)).toDoubleArray();
                for (int i = 0; i < 5; i++) {
                    double change = 0;
                    for (int p = 0; p < 3; p++) {
                        change = Math.max(change, Math.abs(out[i * 3 + p] - base[i * 3 + p]));
                    }
                    if (ordering[j] < ordering[i]) {
                        assertTrue(change > 1e-6, "output " + i + " should depend on input " + j);
                    } else {
                        assertEquals(0.0, change, 0.0, "output " + i + " must not depend on input " + j);
                    }
                }
            }
        }
    }

    @Test
    void outputLayoutIsBatchByDimByParams() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Made made = new Made(manager, 4, new int[] {8}, 5, new int[] {0, 1, 2, 3}, Activation.RELU,
                    DataType.FLOAT64, 1L);
            NDArray out = made.apply(manager.zeros(new Shape(7, 4), DataType.FLOAT64));
            assertEquals(new Shape(7, 4, 5), out.getShape());
            assertEquals(0.0, out.abs().max().getDouble(), "a fresh MADE outputs zeros");
        }
    }

    @Test
    void sameSeedGivesSameParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] order = {1, 0, 2};
            Made a = new Made(manager, 3, 0, new int[] {10}, 2, order, Activation.SILU, false, DataType.FLOAT64, 9L);
            Made b = new Made(manager, 3, 0, new int[] {10}, 2, order, Activation.SILU, false, DataType.FLOAT64, 9L);
            Made c = new Made(manager, 3, 0, new int[] {10}, 2, order, Activation.SILU, false, DataType.FLOAT64, 10L);
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(a.parameters().get(i).getArray().toDoubleArray(),
                        b.parameters().get(i).getArray().toDoubleArray());
            }
            assertTrue(!java.util.Arrays.equals(a.parameters().get(0).getArray().toDoubleArray(),
                    c.parameters().get(0).getArray().toDoubleArray()));
        }
    }

    @Test
    void badOrderingIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Made(manager, 3,
                    new int[] {4}, 2, new int[] {0, 0, 1}, Activation.RELU, DataType.FLOAT64, 1L));
            assertTrue(e.getMessage().contains("not a permutation"), e.getMessage());
        }
    }

    @Test
    void jsonRebuildsTheSameNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Made made = new Made(manager, 3, new int[] {6, 6}, 2, new int[] {2, 1, 0}, Activation.TANH,
                    DataType.FLOAT64, 2L);
            LayerChecks.perturb(made, 0.5, 5L);
            Made copy = Made.fromJson(made.toJson(), manager, DataType.FLOAT64);
            LayerChecks.copyParameters(made, copy);
            NDArray x = Rng.normal(manager, new Shape(4, 3), DataType.FLOAT64, 1L);
            assertArrayEquals(made.apply(x).toDoubleArray(), copy.apply(x).toDoubleArray());
        }
    }
}
