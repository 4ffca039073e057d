package org.boltzflow.mcmc.estimators;

/** A value with its standard error (one sigma). */
public record Estimate(double value, double stdError) {
    /** Whether {@code truth} lies within {@code sigmas} standard errors of the value. */
    public boolean covers(double truth, double sigmas) {
        return Math.abs(value - truth) <= sigmas * stdError;
    }

    @Override
    public String toString() {
        return String.format("%.6g ± %.2g", value, stdError);
    }
}
