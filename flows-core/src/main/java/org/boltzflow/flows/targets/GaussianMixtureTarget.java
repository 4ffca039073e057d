package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;

/**
 * An equal-weight mixture of isotropic Gaussians with a common standard deviation; normalized, so log Z = 0.
 * {@link #fab40Modes()} is the 40-mode 2D mixture of the FAB paper (means uniform in [-40, 40]², unit variances).
 */
public final class GaussianMixtureTarget implements Target {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    private final double[][] means;
    private final double sigma;

    /** A mixture with one component per row of {@code means} (copied), each with standard deviation {@code sigma}. */
    public GaussianMixtureTarget(double[][] means, double sigma) {
        if (means.length == 0 || !(sigma > 0)) {
            throw new IllegalArgumentException("a mixture needs at least one mean and sigma > 0, got sigma " + sigma);
        }
        this.means = new double[means.length][];
        for (int k = 0; k < means.length; k++) {
            if (means[k].length != means[0].length) {
                throw new IllegalArgumentException("mean " + k + " has " + means[k].length + " coordinates, not "
                        + means[0].length);
            }
            this.means[k] = means[k].clone();
        }
        this.sigma = sigma;
    }

    /** The FAB paper's 40 modes: means uniform in [-40, 40]² drawn from a fixed seed, unit variances. */
    public static GaussianMixtureTarget fab40Modes() {
        SplittableRandom random = new SplittableRandom(0);
        double[][] means = new double[40][2];
        for (double[] mean : means) {
            mean[0] = -40.0 + 80.0 * random.nextDouble();
            mean[1] = -40.0 + 80.0 * random.nextDouble();
        }
        return new GaussianMixtureTarget(means, 1.0);
    }

    @Override
    public int dim() {
        return means[0].length;
    }

    /** The component means, one row per mode (a copy). */
    public double[][] means() {
        double[][] copy = new double[means.length][];
        for (int k = 0; k < means.length; k++) {
            copy[k] = means[k].clone();
        }
        return copy;
    }

    public double sigma() {
        return sigma;
    }

    /** The index of the component whose mean is nearest to {@code x}. */
    public int nearestMode(double[] x) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < means.length; k++) {
            double d = 0;
            for (int j = 0; j < x.length; j++) {
                d += (x[j] - means[k][j]) * (x[j] - means[k][j]);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    @Override
    public NDArray logProb(NDArray x) {
        int d = dim();
        double[][] meansT = new double[d][means.length];
        double[] meanNorms = new double[means.length];
        for (int k = 0; k < means.length; k++) {
            for (int j = 0; j < d; j++) {
                meansT[j][k] = means[k][j];
                meanNorms[k] += means[k][j] * means[k][j];
            }
        }
        NDArray mu = x.getManager().create(meansT).toType(x.getDataType(), false);
        NDArray norms = x.getManager().create(meanNorms).toType(x.getDataType(), false);
        // |x - μ_k|² = |x|² - 2 x·μ_k + |μ_k|², one (n, K) matrix product instead of an (n, K, d) difference
        NDArray squared = x.square().sum(new int[] {1}, true).sub(NDMath.scale(x.matMul(mu), 2.0)).add(norms);
        NDArray logComponent = NDMath.scale(squared, -0.5 / (sigma * sigma));
        double constant = -d * Math.log(sigma) - 0.5 * d * LOG_2PI - Math.log(means.length);
        return NDMath.logSumExp(logComponent, 1).add(constant);
    }
}
