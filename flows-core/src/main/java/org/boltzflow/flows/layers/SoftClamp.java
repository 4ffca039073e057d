package org.boltzflow.flows.layers;

import org.boltzflow.flows.NDMath;
import ai.djl.ndarray.NDArray;

/**
 * Bounds a raw network output to a log-scale in (-bound, bound) by {@code bound * tanh(raw / bound)}: the identity
 * near 0 (so a zero-initialised layer is the identity and small outputs pass through unchanged) and saturating
 * smoothly, so an affine scale {@code exp(logScale)} stays within [e^-bound, e^bound].
 */
final class SoftClamp {
    private SoftClamp() {}

    static NDArray apply(NDArray raw, double bound) {
        return NDMath.scale(NDMath.scale(raw, 1.0 / bound).tanh(), bound);
    }

    static double check(double bound) {
        if (!(bound > 0 && Double.isFinite(bound))) {
            throw new IllegalArgumentException("log-scale bound must be positive and finite, got " + bound);
        }
        return bound;
    }
}
