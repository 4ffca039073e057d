package org.boltzflow.mcmc.estimators;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.boltzflow.flows.Rng;

/**
 * Seeded nonparametric bootstrap: the statistic on all samples, with the standard deviation of the statistic over
 * resamples (drawn with replacement) as its error bar. Resample r uses the stream {@code Rng.derive(seed, r)}.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /**
     * {@code statistic} evaluated on the identity index set (the value) and on {@code replicates} resampled index
     * sets of size {@code n} (the spread).
     */
    public static Estimate estimate(int n, int replicates, long seed, ToDoubleFunction<int[]> statistic) {
        if (n < 2 || replicates < 2) {
            throw new IllegalArgumentException("bootstrap needs n >= 2 and replicates >= 2, got " + n + ", "
                    + replicates);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double value = statistic.applyAsDouble(all);
        double sum = 0;
        double sumSquares = 0;
        int[] idx = new int[n];
        for (int r = 0; r < replicates; r++) {
            SplittableRandom random = new SplittableRandom(Rng.derive(seed, r));
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            double s = statistic.applyAsDouble(idx);
            sum += s;
            sumSquares += s * s;
        }
        double mean = sum / replicates;
        double variance = Math.max(sumSquares / replicates - mean * mean, 0) * replicates / (replicates - 1.0);
        return new Estimate(value, Math.sqrt(variance));
    }

    /** {@code values[idx[i]]} for every i: the resampled array. */
    public static double[] pick(double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }
}
