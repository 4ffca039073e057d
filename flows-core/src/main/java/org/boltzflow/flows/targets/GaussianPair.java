package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import org.apache.commons.math3.special.Erf;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;

/**
 * Two unnormalized diagonal Gaussians A and B with known answers: each log Z, the free-energy difference
 * {@code ΔF/kT = -(log Z_B - log Z_A)}, and the probability of the half-space {@code x_0 < c} under each. A test
 * fixture for estimators, BAR and importance sampling.
 */
public final class GaussianPair {
    private final Gaussian a;
    private final Gaussian b;

    public GaussianPair(Gaussian a, Gaussian b) {
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("the two Gaussians differ in dimension: " + a.dim() + " vs " + b.dim());
        }
        this.a = a;
        this.b = b;
    }

    public Gaussian a() {
        return a;
    }

    public Gaussian b() {
        return b;
    }

    /** {@code log Z_B - log Z_A}, the log ratio BAR estimates. */
    public double logZRatio() {
        return b.logZ() - a.logZ();
    }

    /**
     * An unnormalized diagonal Gaussian {@code Z · N(mean, diag(std²))}; {@code logProb} includes {@code log Z}.
     */
    public record Gaussian(double[] mean, double[] std, double logZ) implements Target {
        private static final double LOG_2PI = Math.log(2.0 * Math.PI);

        public Gaussian {
            if (mean.length != std.length) {
                throw new IllegalArgumentException("mean has " + mean.length + " entries, std " + std.length);
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("standard deviations must be positive, got " + s);
                }
            }
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public int dim() {
            return mean.length;
        }

        @Override
        public NDArray logProb(NDArray x) {
            NDArray m = x.getManager().create(mean).toType(x.getDataType(), false);
            NDArray s = x.getManager().create(std).toType(x.getDataType(), false);
            double constant = logZ - 0.5 * mean.length * LOG_2PI;
            for (double v : std) {
                constant -= Math.log(v);
            }
            return NDMath.scale(x.sub(m).div(s).square().sum(new int[] {1}), -0.5).add(constant);
        }

        /** The probability, under the normalized Gaussian, that coordinate {@code i} is below {@code c}. */
        public double probabilityBelow(int i, double c) {
            return 0.5 * Erf.erfc(-(c - mean[i]) / (std[i] * Math.sqrt(2.0)));
        }
    }
}
