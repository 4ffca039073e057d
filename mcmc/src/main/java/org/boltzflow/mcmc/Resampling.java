package org.boltzflow.mcmc;

import java.util.SplittableRandom;

/**
 * Systematic resampling (Kitagawa 1996): one seeded uniform {@code u} in [0, 1) places {@code n} evenly spaced points
 * {@code (u + j) / n} on the cumulative normalized weights, so particle {@code i} is copied either
 * {@code ⌊n W_i⌋} or {@code ⌈n W_i⌉} times; the copies keep every weighted expectation unbiased, with less added
 * variance than multinomial draws. A particle of weight zero is never copied.
 */
public final class Resampling {
    private Resampling() {}

    /** The indices (ascending, {@code logWeights.length} of them) of the particles the copies come from. */
    public static int[] systematic(double[] logWeights, long seed) {
        int n = logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeights) {
            max = Math.max(max, lw);
        }
        if (!(max > Double.NEGATIVE_INFINITY) || max == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("cannot resample: the largest log weight is " + max);
        }
        double[] cumulative = new double[n];
        double sum = 0;
        int last = 0; // the last particle of positive weight, where rounding at the top end stops
        for (int i = 0; i < n; i++) {
            double w = Math.exp(logWeights[i] - max);
            sum += w;
            cumulative[i] = sum;
            last = w > 0 ? i : last;
        }
        double u = new SplittableRandom(seed).nextDouble();
        int[] copies = new int[n];
        int i = 0;
        for (int j = 0; j < n; j++) {
            double point = (u + j) / n * sum;
            while (i < last && cumulative[i] <= point) {
                i++;
            }
            copies[j] = i;
        }
        return copies;
    }
}
