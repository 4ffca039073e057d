package org.boltzflow.mcmc.estimators;

import java.util.function.IntToDoubleFunction;

/**
 * Self-normalized importance weighting from log weights {@code log w = log p̃(x) - log q(x)} (p̃ unnormalized):
 * normalized weights, log Z, Kish's effective sample size, and expectations, each with a delta-method error bar.
 * Weights of {@code -∞} are allowed (zero weight); NaN or {@code +∞} is refused with the index that carries it.
 */
public final class ImportanceWeights {
    private ImportanceWeights() {}

    /** The weights normalized to sum to one. */
    public static double[] normalized(double[] logWeights) {
        double max = checkedMax(logWeights);
        double[] w = new double[logWeights.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logWeights[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** {@code log mean(w)}, the log Z estimate when q is normalized; error {@code sd(w) / (√n mean(w))}. */
    public static Estimate logZ(double[] logWeights) {
        double max = checkedMax(logWeights);
        int n = logWeights.length;
        double sum = 0;
        double sumSquares = 0;
        for (double lw : logWeights) {
            double w = Math.exp(lw - max);
            sum += w;
            sumSquares += w * w;
        }
        double mean = sum / n;
        double variance = Math.max(sumSquares / n - mean * mean, 0) * n / Math.max(n - 1, 1);
        return new Estimate(Math.log(mean) + max, Math.sqrt(variance / n) / mean);
    }

    /** Kish's ESS as a fraction of n, {@code (Σw)² / (n Σw²)}; from flow samples it is the reverse ESS. */
    public static double kishFraction(double[] logWeights) {
        double[] w = normalized(logWeights);
        double sumSquares = 0;
        for (double v : w) {
            sumSquares += v * v;
        }
        return 1.0 / (sumSquares * w.length);
    }

    /** Kish's ESS fraction with a seeded bootstrap error bar. */
    public static Estimate reverseEss(double[] logWeights, long seed) {
        return Bootstrap.estimate(logWeights.length, 200, seed,
                idx -> kishFraction(Bootstrap.pick(logWeights, idx)));
    }

    /**
     * FAB's forward ESS fraction from samples of the target: with {@code w = p̃/q} on x ~ p, it is
     * {@code 1 / (mean(1/w) · mean(w))}, an estimate of {@code (E_q w)² / E_q w²}; seeded bootstrap error bar.
     */
    public static Estimate forwardEss(double[] logWeightsOnTargetSamples, long seed) {
        return Bootstrap.estimate(logWeightsOnTargetSamples.length, 200, seed,
                idx -> forwardFraction(Bootstrap.pick(logWeightsOnTargetSamples, idx)));
    }

    private static double forwardFraction(double[] logWeights) {
        double[] negated = new double[logWeights.length];
        for (int i = 0; i < negated.length; i++) {
            negated[i] = -logWeights[i];
        }
        return Math.exp(-logZ(negated).value() - logZ(logWeights).value());
    }

    /**
     * The self-normalized expectation {@code Σ w̄ f} of an observable; delta-method error
     * {@code √(Σ w̄² (f - μ)²)}.
     */
    public static Estimate expectation(double[] logWeights, IntToDoubleFunction observable) {
        double[] w = normalized(logWeights);
        double[] f = new double[w.length];
        double mean = 0;
        for (int i = 0; i < w.length; i++) {
            f[i] = w[i] > 0 ? observable.applyAsDouble(i) : 0.0;
            mean += w[i] * f[i];
        }
        double variance = 0;
        for (int i = 0; i < w.length; i++) {
            variance += w[i] * w[i] * (f[i] - mean) * (f[i] - mean);
        }
        return new Estimate(mean, Math.sqrt(variance));
    }

    static double checkedMax(double[] logWeights) {
        if (logWeights.length == 0) {
            throw new IllegalArgumentException("no weights given");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logWeights.length; i++) {
            double lw = logWeights[i];
            if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("log weight " + i + " is " + lw);
            }
            max = Math.max(max, lw);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every one of the " + logWeights.length + " weights is zero");
        }
        return max;
    }
}
