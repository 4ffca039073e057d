package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Input checks shared by the coordinate layers: a float64 batch {@code (n, dim)} of finite numbers. */
final class Batches {
    private Batches() {}

    /**
     * Returns the batch size of {@code x} after checking its shape, dtype and values.
     *
     * @throws IllegalArgumentException naming {@code what}, the row and column of the first NaN or infinity
     */
    static int require(NDArray x, int dim, String what) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != dim) {
            throw new IllegalArgumentException(what + " must have shape (n, " + dim + "), got " + x.getShape());
        }
        if (x.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException(what + " must be float64, got " + x.getDataType());
        }
        double[] values = x.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " has a non-finite value " + values[i] + " in row " + i / dim
                        + ", column " + i % dim);
            }
        }
        return Math.toIntExact(x.getShape().get(0));
    }
}
