package org.boltzflow.boltzmann.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Exposes a function computed outside DJL to autograd: given per-row values {@code v} and gradients {@code g} of
 * rows of {@code x}, returns {@code v + (sum(x * g) - sum(detach(x) * g))} per row. The bracket is exactly zero,
 * so the value is {@code v} bit for bit, and its gradient with respect to {@code x} is exactly {@code g}: how an
 * energy computed in plain Java (with its forces) joins DJL's autograd.
 */
final class SurrogateGradient {
    private SurrogateGradient() {}

    /** The differentiable {@code (batch)} array for {@code x} of shape {@code (batch, dim)}. */
    static NDArray of(NDArray x, double[] values, double[] gradients) {
        long batch = x.getShape().get(0);
        NDArray g = x.getManager().create(gradients, new Shape(batch, x.getShape().get(1))).toType(x.getDataType(),
                false);
        NDArray v = x.getManager().create(values).toType(x.getDataType(), false);
        NDArray tracked = x.mul(g).sum(new int[] {1});
        NDArray detached = x.stopGradient().mul(g).sum(new int[] {1});
        return v.add(tracked.sub(detached));
    }

    /** The rows of {@code x} as doubles, checked to be a {@code (batch, dim)} array. */
    static double[] values(NDArray x, int dim) {
        Shape shape = x.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dim) {
            throw new IllegalArgumentException("expected a (batch, " + dim + ") array, got " + shape);
        }
        NDArray detached = x.stopGradient();
        return (detached.getDataType() == DataType.FLOAT64 ? detached : detached.toType(DataType.FLOAT64, false))
                .toDoubleArray();
    }
}
