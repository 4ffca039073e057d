package org.boltzflow.flows.distributions;

/**
 * The modified Bessel function of the first kind of order 0, as {@code log I0(κ)}, accurate to a few ulps for any
 * κ ≥ 0 without overflow: the power series Σ (κ²/4)^k / (k!)² (all terms positive, so no cancellation) up to
 * κ = 20, and above it the asymptotic expansion {@code I0(κ) ~ e^κ / sqrt(2πκ) · Σ ((2k-1)!!)² / (k! (8κ)^k)},
 * summed in scaled form so that e^κ never appears as a number.
 */
public final class Bessel {
    private static final double SERIES_LIMIT = 20.0;

    private Bessel() {}

    /** log I0(κ) for κ ≥ 0. */
    public static double logI0(double kappa) {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("log I0 needs a finite κ >= 0, got " + kappa);
        }
        if (kappa <= SERIES_LIMIT) {
            double quarter = kappa * kappa / 4.0;
            double term = 1.0;
            double sum = 1.0;
            for (int k = 1; term > 1e-17 * sum; k++) {
                term *= quarter / ((double) k * k);
                sum += term;
            }
            return Math.log(sum);
        }
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; k < 60; k++) {
            double next = term * (2.0 * k - 1) * (2.0 * k - 1) / (8.0 * kappa * k);
            if (next > term || next < 1e-17 * sum) {
                break;
            }
            term = next;
            sum += term;
        }
        return kappa - 0.5 * Math.log(2.0 * Math.PI * kappa) + Math.log(sum);
    }
}
