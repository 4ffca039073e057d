package org.boltzflow.mcmc.estimators;

import java.util.Arrays;

/**
 * Explicit weight truncation: the largest log weights are lowered to the value at a chosen quantile, trading a
 * bias for a smaller variance. Never applied silently: the result says how many weights were clipped and carries
 * a warning, which is also logged.
 */
public final class WeightTruncation {
    private static final System.Logger LOG = System.getLogger(WeightTruncation.class.getName());

    private WeightTruncation() {}

    /** Truncated log weights, how many were clipped, and the warning that says so (empty if none). */
    public record Truncated(double[] logWeights, int clipped, String warning) {}

    /** Clips every log weight above the {@code quantile} (in (0, 1]) of the log weights down to that value. */
    public static Truncated atQuantile(double[] logWeights, double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        }
        ImportanceWeights.checkedMax(logWeights);
        double[] sorted = logWeights.clone();
        Arrays.sort(sorted);
        double threshold = sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        double[] clippedWeights = new double[logWeights.length];
        int clipped = 0;
        for (int i = 0; i < logWeights.length; i++) {
            clipped += logWeights[i] > threshold ? 1 : 0;
            clippedWeights[i] = Math.min(logWeights[i], threshold);
        }
        String warning = clipped == 0 ? "" : String.format(
                "weight truncation: %d of %d weights clipped at the %.4g quantile; estimates are biased",
                clipped, logWeights.length, quantile);
        if (clipped > 0) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
        return new Truncated(clippedWeights, clipped, warning);
    }
}
