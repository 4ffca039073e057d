package org.boltzflow.mcmc.estimators;

import java.util.Arrays;

/**
 * The Pareto shape k̂ of the tail of importance weights (the diagnostic of Pareto-smoothed importance sampling,
 * Vehtari et al.): a generalized Pareto distribution is fitted to the weights above the largest
 * {@code min(n / 5, 3 sqrt(n))}, by the empirical-Bayes estimator of Zhang and Stephens (2009) with the weak prior
 * that pulls k̂ toward 0.5 as if from 10 more points. Weights whose tail has shape k have finite variance only for
 * k &lt; 1/2, and importance-sampling estimates from n draws settle at the usual rate only for k below
 * {@code min(1 - 1/log10(n), 0.7)}; above 0.7 the Kish ESS and every weighted estimate rest on a few draws, however
 * large n is.
 */
public final class ParetoTail {
    private static final double PRIOR_B = 3;
    private static final double PRIOR_K_POINTS = 10;

    private ParetoTail() {}

    /**
     * k̂ of the weights {@code exp(logWeights)}; non-finite log weights count as weight zero. NaN if the tail holds
     * fewer than 5 distinct positive exceedances (too few draws, or weights that are all equal).
     */
    public static double shape(double[] logWeights) {
        int n = logWeights.length;
        int tail = (int) Math.ceil(Math.min(0.2 * n, 3 * Math.sqrt(n)));
        double[] sorted = Arrays.stream(logWeights).map(v -> Double.isFinite(v) ? v : Double.NEGATIVE_INFINITY)
                .sorted().toArray();
        if (tail < 5 || n <= tail || sorted[n - 1] == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        double max = sorted[n - 1];
        double cutoff = Math.exp(sorted[n - tail - 1] - max);
        double[] exceedances = new double[tail];
        int count = 0;
        for (int i = n - tail; i < n; i++) {
            double excess = Math.exp(sorted[i] - max) - cutoff;
            if (excess > 0) {
                exceedances[count++] = excess;
            }
        }
        if (count < 5) {
            return Double.NaN;
        }
        return generalizedParetoShape(Arrays.copyOf(exceedances, count));
    }

    /**
     * The shape of a generalized Pareto distribution fitted to positive {@code x} in ascending order (Zhang and
     * Stephens' posterior mean over a grid of {@code 30 + sqrt(n)} values of b = -k/σ, then the weak prior on k).
     */
    static double generalizedParetoShape(double[] x) {
        int n = x.length;
        int m = 30 + (int) Math.sqrt(n);
        double quartile = x[(int) (n / 4.0 + 0.5) - 1];
        double[] b = new double[m];
        double[] logLikelihood = new double[m];
        for (int j = 0; j < m; j++) {
            b[j] = 1 / x[n - 1] + (1 - Math.sqrt(m / (j + 0.5))) / (PRIOR_B * quartile);
            double k = meanLog1p(x, b[j]);
            logLikelihood[j] = n * (Math.log(-b[j] / k) - k - 1);
        }
        double bPosterior = 0;
        double total = 0;
        for (int j = 0; j < m; j++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += Math.exp(logLikelihood[i] - logLikelihood[j]);
            }
            double weight = 1 / sum;
            bPosterior += b[j] * weight;
            total += weight;
        }
        bPosterior /= total;
        double k = meanLog1p(x, bPosterior);
        return (n * k + PRIOR_K_POINTS * 0.5) / (n + PRIOR_K_POINTS);
    }

    /** The mean of {@code log(1 - b x_i)}. */
    private static double meanLog1p(double[] x, double b) {
        double sum = 0;
        for (double v : x) {
            sum += Math.log1p(-b * v);
        }
        return sum / x.length;
    }
}
