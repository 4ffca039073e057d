package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LuLinearTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void startsAsARandomRotation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            LuLinear layer = new LuLinear(manager, 4, DataType.FLOAT64, 5L);
            NDArray w = layer.weight();
            LayerChecks.assertClose(manager.eye(4).toType(DataType.FLOAT64, false).toDoubleArray(),
                    w.matMul(w.transpose()).toDoubleArray(), 1e-12, "W·Wᵀ");
            assertEquals(0.0, layer.forward(manager.ones(new ai.djl.ndarray.types.Shape(1, 4), DataType.FLOAT64))
                    .logDet().getDouble(0), 1e-12);
            double offDiagonal = w.sub(manager.eye(4).toType(DataType.FLOAT64, false)).abs().max().getDouble();
            org.junit.jupiter.api.Assertions.assertTrue(offDiagonal > 0.1, "a rotation, not the identity");
        }
    }

    @Test
    void logDetIsTheSumOfLogAbsDiagonalOfU() {
        try (NDManager manager = NDManager.newBaseManager()) {
            LuLinear layer = new LuLinear(manager, 3, DataType.FLOAT64, 6L);
            LayerChecks.perturb(layer, 0.5, 1L);
            double[] logAbsDiag = layer.parameters().get(3).getArray().toDoubleArray();
            double expected = logAbsDiag[0] + logAbsDiag[1] + logAbsDiag[2];
            double det = new org.apache.commons.math3.linear.LUDecomposition(
                    new org.apache.commons.math3.linear.Array2DRowRealMatrix(toMatrix(layer.weight().toDoubleArray(), 3)))
                    .getDeterminant();
            assertEquals(Math.log(Math.abs(det)), expected, 1e-12);
            assertEquals(expected, layer.forward(manager.ones(new ai.djl.ndarray.types.Shape(2, 3), DataType.FLOAT64))
                    .logDet().getDouble(1), 1e-14);
        }
    }

    private static double[][] toMatrix(double[] flat, int dim) {
        double[][] m = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            System.arraycopy(flat, i * dim, m[i], 0, dim);
        }
        return m;
    }
}
