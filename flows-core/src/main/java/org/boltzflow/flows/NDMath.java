package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Numerically stable helpers DJL's NDArray lacks. */
public final class NDMath {
    private NDMath() {}

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
}
