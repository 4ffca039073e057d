package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.targets.ManyWell;

/** Fixed (non-trainable) Gaussians, exact double-well samples and Java-side target evaluation for mcmc tests. */
public final class TestDistributions {
    private TestDistributions() {}

    /** A non-trainable float64 {@code N(mean, diag(std²))} as a {@link DiagonalGaussian}. */
    public static DiagonalGaussian gaussian(NDManager manager, double[] mean, double[] std) {
        DiagonalGaussian g = new DiagonalGaussian(manager, mean.length, false, DataType.FLOAT64);
        double[] logStd = new double[std.length];
        for (int i = 0; i < std.length; i++) {
            logStd[i] = Math.log(std[i]);
        }
        g.parameters().get(0).getArray().set(mean);
        g.parameters().get(1).getArray().set(logStd);
        return g;
    }

    /** {@code target.logProb} of the rows of {@code x}, as doubles. */
    public static double[] logProb(Target target, NDArray x) {
        return target.logProb(x).toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static final int CELLS = 200_000;
    private static final double LOW = -4;
    private static final double H = 8.0 / CELLS;
    /** Unnormalized CDF of the 1D well {@code exp(logWell(a))} at the grid points {@code LOW + i H} (midpoint rule). */
    private static final double[] WELL_CDF = wellCdfTable();

    private static double[] wellCdfTable() {
        double[] cdf = new double[CELLS + 1];
        for (int i = 1; i <= CELLS; i++) {
            cdf[i] = cdf[i - 1] + Math.exp(ManyWell.logWell(LOW + (i - 0.5) * H) - ManyWell.logWell(1.8));
        }
        return cdf;
    }

    /** Exact samples of the 2D double well ({@code ManyWell(2)}): inverse CDF on a fine grid for a, normal b. */
    public static double[][] doubleWellSamples(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][2];
        for (double[] row : x) {
            double u = random.nextDouble() * WELL_CDF[CELLS];
            int lo = 0;
            int hi = CELLS;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (WELL_CDF[mid] < u) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            row[0] = LOW + (lo + (u - WELL_CDF[lo]) / (WELL_CDF[hi] - WELL_CDF[lo])) * H;
            row[1] = normal(random);
        }
        return x;
    }

    /** The normalized CDF of the 1D well at {@code a}, interpolated in the grid table. */
    public static double doubleWellCdf(double a) {
        double position = Math.max(0, Math.min(CELLS, (a - LOW) / H));
        int i = Math.min((int) position, CELLS - 1);
        double value = WELL_CDF[i] + (position - i) * (WELL_CDF[i + 1] - WELL_CDF[i]);
        return value / WELL_CDF[CELLS];
    }

    /** One standard normal draw. */
    public static double normal(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
