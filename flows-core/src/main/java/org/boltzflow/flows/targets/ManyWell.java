package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;

/**
 * The Many Well target of the FAB paper: {@code dim/2} independent copies of the 2D double well
 * {@code log p(a, b) = -a⁴ + 6a² + a/2 - b²/2} (unnormalized). Its log Z is known: {@code dim/2} times the log of the
 * double well's integral, which factorizes into a 1D quadrature in {@code a} and {@code √(2π)} in {@code b}.
 * {@code new ManyWell(32)} is the paper's 32-dimensional benchmark.
 */
public final class ManyWell implements Target {
    private final int dim;

    /** {@code dim/2} double wells; {@code dim} must be even and positive. */
    public ManyWell(int dim) {
        if (dim <= 0 || dim % 2 != 0) {
            throw new IllegalArgumentException("ManyWell needs an even positive dimension, got " + dim);
        }
        this.dim = dim;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The 1D double-well log-density of the first coordinate of each pair, {@code -a⁴ + 6a² + a/2}. */
    public static double logWell(double a) {
        return -a * a * a * a + 6.0 * a * a + 0.5 * a;
    }

    /** log ∫ exp(logWell(a)) da by composite Simpson quadrature on [-8, 8] (the integrand is below 1e-400 beyond). */
    public static double logWellIntegral() {
        int intervals = 40_000;
        double low = -8.0;
        double h = 16.0 / intervals;
        double shift = logWell(1.8);
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * Math.exp(logWell(low + i * h) - shift);
        }
        return Math.log(sum * h / 3.0) + shift;
    }

    /** The exact log normalizing constant of this target. */
    public double logZ() {
        return dim / 2 * (logWellIntegral() + 0.5 * Math.log(2.0 * Math.PI));
    }

    @Override
    public NDArray logProb(NDArray x) {
        long n = x.getShape().get(0);
        NDArray pairs = x.reshape(n, dim / 2, 2);
        NDArray a = pairs.get(":, :, 0");
        NDArray b = pairs.get(":, :, 1");
        NDArray a2 = a.square();
        NDArray well = a2.square().neg().add(NDMath.scale(a2, 6.0)).add(NDMath.scale(a, 0.5));
        return well.sub(NDMath.scale(b.square(), 0.5)).sum(new int[] {1});
    }
}
