package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PermutationTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void everyKindIsABijectionWithZeroLogDet() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = Rng.normal(manager, new Shape(4, 5), DataType.FLOAT64, 1L);
            for (Permutation p : new Permutation[] {Permutation.reverse(manager, 5), Permutation.swap(manager, 5),
                    Permutation.random(manager, 5, 3L), Permutation.of(manager, 1, 2, 0, 4, 3)}) {
                LayerChecks.assertBijection(p, z);
                assertArrayEquals(new double[4], p.forward(z).logDet().toDoubleArray());
                LayerChecks.assertRebuildsFromJson(p, z);
            }
        }
    }

    @Test
    void permutationsMoveTheRightColumns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = manager.create(new double[][] {{10, 11, 12, 13, 14}});
            assertArrayEquals(new double[] {14, 13, 12, 11, 10},
                    Permutation.reverse(manager, 5).forward(z).value().toDoubleArray());
            assertArrayEquals(new double[] {12, 13, 14, 10, 11},
                    Permutation.swap(manager, 5).forward(z).value().toDoubleArray());
            assertArrayEquals(new double[] {11, 12, 10, 14, 13},
                    Permutation.of(manager, 1, 2, 0, 4, 3).forward(z).value().toDoubleArray());
        }
    }

    @Test
    void randomPermutationIsSeeded() {
        assertArrayEquals(Permutation.randomPermutation(9, 4L), Permutation.randomPermutation(9, 4L));
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(Permutation.randomPermutation(9, 4L),
                Permutation.randomPermutation(9, 5L)));
    }

    @Test
    void notAPermutationIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> Permutation.of(manager, 0, 2, 2));
        }
    }
}
