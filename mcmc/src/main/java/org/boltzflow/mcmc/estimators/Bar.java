package org.boltzflow.mcmc.estimators;

/**
 * Bennett's acceptance ratio between two unnormalized densities A and B: the maximum-likelihood estimate of
 * {@code log(Z_B / Z_A)} from samples of both, with its asymptotic variance (Shirts et al. 2003). Inputs are, per
 * sample, {@code log p̃_B(x) - log p̃_A(x)} on samples from A and {@code log p̃_A(x) - log p̃_B(x)} on samples from B.
 * For a free-energy difference, {@code ΔF = F_B - F_A = -kT · value}.
 */
public final class Bar {
    private Bar() {}

    /** The BAR estimate of {@code log(Z_B / Z_A)} and its asymptotic standard error. */
    public static Estimate logZRatio(double[] logRatioOnA, double[] logRatioOnB) {
        int nA = logRatioOnA.length;
        int nB = logRatioOnB.length;
        if (nA < 2 || nB < 2) {
            throw new IllegalArgumentException("BAR needs at least two samples from each side, got " + nA + ", " + nB);
        }
        ImportanceWeights.checkedMax(logRatioOnA);
        ImportanceWeights.checkedMax(logRatioOnB);
        double m = Math.log((double) nA / nB);
        double low = -ImportanceWeights.logZ(logRatioOnB).value();
        double high = ImportanceWeights.logZ(logRatioOnA).value();
        if (low > high) {
            double t = low;
            low = high;
            high = t;
        }
        low -= 1.0;
        high += 1.0;
        while (imbalance(logRatioOnA, logRatioOnB, m, low) < 0) {
            low -= 10.0;
        }
        while (imbalance(logRatioOnA, logRatioOnB, m, high) > 0) {
            high += 10.0;
        }
        for (int it = 0; it < 200 && high - low > 1e-13 * Math.max(1, Math.abs(low)); it++) {
            double mid = 0.5 * (low + high);
            if (imbalance(logRatioOnA, logRatioOnB, m, mid) > 0) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double c = 0.5 * (low + high);
        double varianceA = relativeVariance(logRatioOnA, m + c);
        double varianceB = relativeVariance(logRatioOnB, -m - c);
        double variance = varianceA / nA + varianceB / nB;
        return new Estimate(c, Math.sqrt(Math.max(variance, 0)));
    }

    /**
     * Bennett's self-consistency {@code Σ_A f(M - r + c) - Σ_B f(-M - r - c)} with f the Fermi function:
     * decreasing in c, zero at the estimate.
     */
    private static double imbalance(double[] onA, double[] onB, double m, double c) {
        double sumA = 0;
        for (double r : onA) {
            sumA += fermi(m - r + c);
        }
        double sumB = 0;
        for (double r : onB) {
            sumB += fermi(-m - r - c);
        }
        return sumA - sumB;
    }

    /** {@code mean(f²)/mean(f)² - 1} for {@code f = fermi(shift - r)}: one side's term of the asymptotic variance. */
    private static double relativeVariance(double[] ratios, double shift) {
        double sum = 0;
        double sumSquares = 0;
        for (double r : ratios) {
            double f = fermi(shift - r);
            sum += f;
            sumSquares += f * f;
        }
        double mean = sum / ratios.length;
        return sumSquares / ratios.length / (mean * mean) - 1.0;
    }

    private static double fermi(double x) {
        return x > 0 ? Math.exp(-x) / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x));
    }
}
