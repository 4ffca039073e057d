package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** Numerically stable helpers DJL's NDArray lacks. */
public final class NDMath {
    private NDMath() {}

    /**
     * Overwrites {@code target}'s values in place with {@code values} (row-major, as many as {@code target} has),
     * keeping its shape, dtype and gradient flag. Use this, not DJL's {@code NDArray.set(double[])}: PyTorch prints a
     * deprecation warning to the terminal the first time that one runs.
     */
    public static void assign(NDArray target, double[] values) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            NDArray source = scratch.create(values, target.getShape()).toType(target.getDataType(), false);
            target.set(new NDIndex("..."), source);
        }
    }

    /**
     * As {@link #assign(NDArray, double[])} from an array of as many elements in any floating type (converted to the
     * target's), read outside any autograd graph. A target that requires a gradient (a trainable parameter) is
     * written with the flag off and keeps it: PyTorch refuses in-place writes to such arrays where gradients are
     * recorded, which is a thread's default.
     */
    public static void assign(NDArray target, NDArray values) {
        boolean tracked = target.hasGradient();
        try (NDManager scratch = target.getManager().newSubManager()) {
            NDArray source = scratch.create(values.toByteBuffer(), values.getShape(), values.getDataType());
            if (tracked) {
                target.setRequiresGradient(false);
            }
            target.set(new NDIndex("..."), source.toType(target.getDataType(), false).reshape(target.getShape()));
        } finally {
            if (tracked) {
                target.setRequiresGradient(true);
            }
        }
    }

    /** log Σ exp(x) along {@code axis}, stable for large values; the axis is removed. */
    public static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        NDArray shift = NDArrays.where(max.isInfinite(), max.zerosLike(), max);
        return x.sub(shift).exp().sum(new int[] {axis}).log().add(shift.squeeze(axis));
    }

    /** log of the mean of exp(x) along {@code axis}; the axis is removed. */
    public static NDArray logMeanExp(NDArray x, int axis) {
        return logSumExp(x, axis).sub(Math.log(x.getShape().get(axis)));
    }

    /**
     * {@code x · c}, safe under autograd. DJL's {@code mul(Number)} (likewise {@code div}/{@code pow} with a number)
     * wraps the number in an array and closes it straight away, yet backward still reads it: once that memory is
     * reused, gradients are garbage. Here the number is an array of {@code x}'s manager that stays open until the
     * manager (or the enclosing {@link ai.djl.ndarray.NDScope}, as in every training step) closes.
     */
    public static NDArray scale(NDArray x, double c) {
        return x.mul(constant(x, c));
    }

    /** {@code x^p}, safe under autograd (see {@link #scale}). */
    public static NDArray pow(NDArray x, double p) {
        return x.pow(constant(x, p));
    }

    /** Element-wise {@code max(x, c)}, safe under autograd (see {@link #scale}). */
    public static NDArray maximum(NDArray x, double c) {
        return x.maximum(constant(x, c));
    }

    /** Element-wise {@code min(x, c)}, safe under autograd (see {@link #scale}). */
    public static NDArray minimum(NDArray x, double c) {
        return x.minimum(constant(x, c));
    }

    /** {@code x} clipped to {@code [lo, hi]}, safe under autograd (see {@link #scale}). */
    public static NDArray clip(NDArray x, double lo, double hi) {
        return minimum(maximum(x, lo), hi);
    }

    private static NDArray constant(NDArray like, double value) {
        return like.getManager().create(value).toType(like.getDataType(), false);
    }
}
