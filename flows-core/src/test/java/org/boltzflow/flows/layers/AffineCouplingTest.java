package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AffineCouplingTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static AffineCoupling layer(NDManager manager, boolean[] mask, long seed) {
        AffineCoupling layer = new AffineCoupling(manager, mask, new int[] {8, 8}, Activation.TANH,
                AffineCoupling.DEFAULT_SCALE_BOUND, DataType.FLOAT64, seed);
        LayerChecks.perturb(layer, 0.4, seed + 100);
        return layer;
    }

    @Test
    void alternatingAndCustomMasksAreBijectionsWithExactLogDet() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = Rng.normal(manager, new Shape(6, 5), DataType.FLOAT64, 1L);
            LayerChecks.assertBijection(layer(manager, AffineCoupling.alternatingMask(5, 0), 1L), z);
            LayerChecks.assertBijection(layer(manager, AffineCoupling.alternatingMask(5, 1), 2L), z);
            LayerChecks.assertBijection(layer(manager, new boolean[] {true, true, false, true, false}, 3L), z);
        }
    }

    @Test
    void bitMasksSeparateEveryPairOfCoordinatesWithinSixBlocksOfSixtyDimensions() {
        int dim = 60;
        for (int i = 0; i < dim; i++) {
            for (int j = i + 1; j < dim; j++) {
                boolean separated = false;
                for (int block = 0; block < 6; block++) {
                    boolean[] mask = AffineCoupling.bitMask(dim, block);
                    separated |= mask[i] != mask[j];
                }
                assertEquals((i ^ j) % 8 != 0, separated, "coordinates " + i + " and " + j);
            }
        }
        for (int block = 0; block < 8; block++) {
            boolean[] mask = AffineCoupling.bitMask(dim, block);
            boolean[] next = AffineCoupling.bitMask(dim, block ^ 1);
            for (int i = 0; i < dim; i++) {
                assertNotEquals(mask[i], next[i], "blocks " + block + " and " + (block ^ 1) + " are complements");
            }
        }
        assertArrayEquals(AffineCoupling.alternatingMask(2, 1), AffineCoupling.bitMask(2, 5));
        assertArrayEquals(AffineCoupling.bitMask(60, 0), AffineCoupling.bitMask(60, 12), "6 bits cycle after 12 blocks");
    }

    @Test
    void freshLayerIsTheIdentityAndPassedCoordinatesStayPut() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = Rng.normal(manager, new Shape(4, 4), DataType.FLOAT64, 2L);
            AffineCoupling fresh = new AffineCoupling(manager, AffineCoupling.alternatingMask(4, 0), new int[] {8},
                    Activation.RELU, 2.0, DataType.FLOAT64, 5L);
            FlowResult r = fresh.forward(z);
            assertArrayEquals(z.toDoubleArray(), r.value().toDoubleArray());
            assertArrayEquals(new double[4], r.logDet().toDoubleArray());
            FlowResult moved = layer(manager, AffineCoupling.alternatingMask(4, 0), 5L).forward(z);
            assertArrayEquals(z.get(":, 0").toDoubleArray(), moved.value().get(":, 0").toDoubleArray());
            assertArrayEquals(z.get(":, 2").toDoubleArray(), moved.value().get(":, 2").toDoubleArray());
        }
    }

    @Test
    void logScaleStaysWithinItsBound() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AffineCoupling wild = new AffineCoupling(manager, AffineCoupling.alternatingMask(2, 0), new int[] {4},
                    Activation.TANH, 1.5, DataType.FLOAT64, 1L);
            LayerChecks.perturb(wild, 50.0, 3L);
            double[] logDet = wild.forward(Rng.normal(manager, new Shape(50, 2), DataType.FLOAT64, 4L)).logDet()
                    .toDoubleArray();
            for (double d : logDet) {
                org.junit.jupiter.api.Assertions.assertTrue(Math.abs(d) <= 1.5, "log-det " + d + " beyond bound");
            }
        }
    }

    @Test
    void sameSeedSameLayerAndJsonRebuilds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = Rng.normal(manager, new Shape(3, 4), DataType.FLOAT64, 7L);
            AffineCoupling a = layer(manager, AffineCoupling.alternatingMask(4, 1), 11L);
            AffineCoupling b = layer(manager, AffineCoupling.alternatingMask(4, 1), 11L);
            assertArrayEquals(a.forward(z).value().toDoubleArray(), b.forward(z).value().toDoubleArray());
            LayerChecks.assertRebuildsFromJson(a, z);
        }
    }

    @Test
    void degenerateMaskIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new AffineCoupling(manager, new boolean[] {true, true},
                    new int[] {4}, Activation.RELU, 2.0, DataType.FLOAT64, 1L));
        }
    }
}
