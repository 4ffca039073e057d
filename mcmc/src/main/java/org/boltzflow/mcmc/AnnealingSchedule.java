package org.boltzflow.mcmc;

/**
 * How far each step of annealed importance sampling or sequential Monte Carlo moves along a path from β = 0 to 1:
 * {@link #fixed} equal steps {@code 1/levels}, or {@link #adaptive} steps chosen by bisection so that the conditional
 * ESS of the step's incremental weights, {@code (Σ W_i w_i)² / Σ W_i w_i²} with {@code W} the current normalized
 * weights and {@code w_i = exp(Δβ d_i)} (Zhou, Johansen and Aston 2016), equals a target fraction.
 */
@FunctionalInterface
public interface AnnealingSchedule {
    /** A cap on the steps of an adaptive schedule, against a path whose increments never let β reach 1. */
    int MAX_ADAPTIVE_LEVELS = 100_000;

    /** One step: the new β and the increment {@code Δβ} the log weights gain {@code Δβ d_i} with. */
    record Level(double beta, double step) {}

    /**
     * Level {@code k} (1-based), from {@code beta} where the particles have log weights {@code logWeights} and
     * {@code difference} = log end − log start (finite or −∞); the last level has β = 1.
     */
    Level next(int k, double beta, double[] logWeights, double[] difference);

    /** {@code levels} equal steps: level k at {@code β = k / levels}, each of increment {@code 1 / levels}. */
    static AnnealingSchedule fixed(int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("a fixed schedule needs at least one level, got " + levels);
        }
        return (k, beta, logWeights, difference) -> new Level((double) k / levels, 1.0 / levels);
    }

    /** Steps that keep the conditional ESS of each step at {@code conditionalEss}, a fraction in (0, 1). */
    static AnnealingSchedule adaptive(double conditionalEss) {
        if (!(conditionalEss > 0 && conditionalEss < 1)) {
            throw new IllegalArgumentException("the conditional ESS of an adaptive schedule must be in (0, 1), got "
                    + conditionalEss);
        }
        return (k, beta, logWeights, difference) -> {
            if (k > MAX_ADAPTIVE_LEVELS) {
                throw new IllegalStateException("the adaptive schedule took " + MAX_ADAPTIVE_LEVELS
                        + " levels without reaching β = 1 (β = " + beta + ")");
            }
            double rest = 1.0 - beta;
            if (conditionalEss(logWeights, difference, rest) >= conditionalEss) {
                return new Level(1.0, rest);
            }
            double lo = 0;
            double hi = rest;
            for (int i = 0; i < 60; i++) {
                double mid = 0.5 * (lo + hi);
                if (conditionalEss(logWeights, difference, mid) >= conditionalEss) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double step = lo > 0 ? lo : hi;
            return new Level(beta + step, step);
        };
    }

    /**
     * The conditional ESS fraction of a step {@code step}: {@code exp(2 L(step) − L(0) − L(2 step))} with
     * {@code L(s) = log Σ exp(logWeights_i + s difference_i)}.
     */
    static double conditionalEss(double[] logWeights, double[] difference, double step) {
        return Math.exp(2 * logSumExp(logWeights, difference, step) - logSumExp(logWeights, difference, 0)
                - logSumExp(logWeights, difference, 2 * step));
    }

    private static double logSumExp(double[] logWeights, double[] difference, double s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logWeights.length; i++) {
            max = Math.max(max, term(logWeights[i], difference[i], s));
        }
        double sum = 0;
        for (int i = 0; i < logWeights.length; i++) {
            sum += Math.exp(term(logWeights[i], difference[i], s) - max);
        }
        return max + Math.log(sum);
    }

    private static double term(double logWeight, double difference, double s) {
        return s == 0 ? logWeight : logWeight + s * difference;
    }
}
