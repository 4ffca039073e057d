package org.boltzflow.mcmc.estimators;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.boltzflow.flows.Rng;

/**
 * Seeded nonparametric bootstrap: the statistic on all samples, with the standard deviation of the statistic over
 * resamples (drawn with replacement, sample by sample or in contiguous blocks) as its error bar. Resample r uses the
 * stream {@code Rng.derive(seed, r)}.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /**
     * {@code statistic} evaluated on the identity index set (the value) and on {@code replicates} resampled index
     * sets of size {@code n} (the spread).
     */
    public static Estimate estimate(int n, int replicates, long seed, ToDoubleFunction<int[]> statistic) {
        return estimate(n, n, replicates, seed, statistic);
    }

    /**
     * The block bootstrap for correlated samples in time order (e.g. MD frames): the {@code n} samples are cut into
     * {@code blocks} contiguous blocks and each resample draws whole blocks with replacement. With
     * {@code blocks = n} it is the ordinary bootstrap. A resample whose statistic is not finite makes the error NaN.
     */
    public static Estimate estimate(int n, int blocks, int replicates, long seed, ToDoubleFunction<int[]> statistic) {
        check(n, blocks, replicates);
        double value = statistic.applyAsDouble(identity(n));
        double[] resampled = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            resampled[r] = statistic.applyAsDouble(resample(n, blocks, seed, r));
            if (!Double.isFinite(resampled[r])) {
                return new Estimate(value, Double.NaN);
            }
        }
        return spread(value, resampled);
    }

    /**
     * A vector statistic with a (block) bootstrap error per component. A component that is not finite in some
     * resample (e.g. the free energy of a bin the resample left empty) takes its spread from the resamples where it
     * is finite; with fewer than two such resamples its error is NaN.
     */
    public static Estimate[] estimateEach(int n, int blocks, int replicates, long seed,
            Function<int[], double[]> statistic) {
        check(n, blocks, replicates);
        double[] value = statistic.apply(identity(n));
        double[] sum = new double[value.length];
        double[] sumSquares = new double[value.length];
        int[] count = new int[value.length];
        for (int r = 0; r < replicates; r++) {
            double[] s = statistic.apply(resample(n, blocks, seed, r));
            for (int k = 0; k < s.length; k++) {
                if (Double.isFinite(s[k])) {
                    sum[k] += s[k];
                    sumSquares[k] += s[k] * s[k];
                    count[k]++;
                }
            }
        }
        Estimate[] out = new Estimate[value.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = spread(value[k], sum[k], sumSquares[k], count[k]);
        }
        return out;
    }

    /**
     * {@code value} with the standard deviation of the finite ones among {@code resampled} (a statistic over
     * bootstrap resamples) as its error; NaN with fewer than two finite ones.
     */
    public static Estimate spread(double value, double[] resampled) {
        double sum = 0;
        double sumSquares = 0;
        int count = 0;
        for (double s : resampled) {
            if (Double.isFinite(s)) {
                sum += s;
                sumSquares += s * s;
                count++;
            }
        }
        return spread(value, sum, sumSquares, count);
    }

    private static Estimate spread(double value, double sum, double sumSquares, int count) {
        double mean = sum / count;
        double variance = Math.max(sumSquares / count - mean * mean, 0) * count / (count - 1.0);
        return new Estimate(value, count < 2 ? Double.NaN : Math.sqrt(variance));
    }

    /**
     * The index set of resample {@code replicate}: {@code blocks} blocks drawn with replacement from the stream
     * {@code Rng.derive(seed, replicate)}, block b holding the samples i with {@code floor(i·blocks/n) = b}.
     */
    public static int[] resample(int n, int blocks, long seed, int replicate) {
        SplittableRandom random = new SplittableRandom(Rng.derive(seed, replicate));
        if (blocks == n) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            return idx;
        }
        int[] start = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            start[b] = (int) (((long) b * n + blocks - 1) / blocks);
        }
        int[] idx = new int[n];
        int filled = 0;
        while (filled < n) {
            int b = random.nextInt(blocks);
            int length = Math.min(start[b + 1] - start[b], n - filled);
            for (int k = 0; k < length; k++) {
                idx[filled++] = start[b] + k;
            }
        }
        return idx;
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    private static void check(int n, int blocks, int replicates) {
        if (n < 2 || replicates < 2 || blocks < 2 || blocks > n) {
            throw new IllegalArgumentException("bootstrap needs n >= 2, 2 <= blocks <= n and replicates >= 2, got n "
                    + n + ", blocks " + blocks + ", replicates " + replicates);
        }
    }

    /** {@code values[idx[i]]} for every i: the resampled array. */
    public static double[] pick(double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    /** {@code values[idx[i]]} for every i: the resampled array of labels. */
    public static int[] pick(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }
}
