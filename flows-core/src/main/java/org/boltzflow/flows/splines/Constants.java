package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Small constant arrays (per-dimension bounds, masks, indices) for one call, attached to the caller's manager and
 * left open until it closes, since autograd may read them in backward. Shared by the spline math and the layers
 */
public final class Constants {
    private Constants() {}

    public static NDArray of(NDManager m, double[] values, DataType type, long... shape) {
        return m.create(values, new Shape(shape)).toType(type, false);
    }

    public static NDArray of(NDManager m, long[] values, long... shape) {
        return m.create(values, new Shape(shape));
    }

    public static NDArray of(NDManager m, boolean[] values, long... shape) {
        return m.create(values, new Shape(shape));
    }
}
