package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Natural logarithms of an array, in place, by plain arithmetic the JIT vectorizes ({@code Math.log} is a scalar
 * stub call): a = 2^k m with m in [√½, √2) read from the bits of a, ln m = 2 atanh(s) with s = (m - 1)/(m + 1) by
 * its series to the 25th power (|s| ≤ 0.172), and k ln 2 added in two parts. Within 2 ulp of
 * {@code StrictMath.log} for every positive normal double (zero, subnormal, negative or non-finite input gives a
 * wrong result).
 */
final class ArrayLog {
    private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));
    private static final double ROUNDER = 0x1.8p52; // ROUNDER + k has k in its last bits
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    private static final double LN2_HIGH = 0.6931471803691238; // ln 2 in 32 significant bits: k·LN2_HIGH is exact
    private static final double LN2_LOW = 1.9082149292705877e-10;

    private ArrayLog() {}

    /** Replaces {@code values[0..count)} by their logarithms, using {@code exponent} as scratch. */
    static void inPlace(double[] values, int count, double[] exponent) {
        for (int i = 0; i < count; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            long k = (bits - SQRT_HALF_BITS) >> 52; // the power of two that brings a into [√½, √2)
            exponent[i] = Double.longBitsToDouble(ROUNDER_BITS + k) - ROUNDER;
            values[i] = Double.longBitsToDouble(bits - (k << 52)); // m
        }
        for (int i = 0; i < count; i++) {
            double f = values[i] - 1; // exact for m in [√½, √2)
            double s = f / (2 + f);
            double z = s * s;
            double k = exponent[i];
            values[i] = Math.fma(k, LN2_HIGH, Math.fma(2 * s * z, oddSeriesTail(z), Math.fma(k, LN2_LOW, 2 * s)));
        }
    }

    /**
     * 1/3 + z/5 + z²/7 + ... + z¹¹/25, by Horner with one fused node per power (separate multiplies and adds make a
     * loop body too long for the JIT to vectorize): the tail of atanh(s) = s (1 + z tail(z)) at z = s² and of
     * atan(t) at z = -t², below round-off for |z| ≤ 0.04.
     */
    static double oddSeriesTail(double z) {
        double series = 1.0 / 25;
        series = Math.fma(series, z, 1.0 / 23);
        series = Math.fma(series, z, 1.0 / 21);
        series = Math.fma(series, z, 1.0 / 19);
        series = Math.fma(series, z, 1.0 / 17);
        series = Math.fma(series, z, 1.0 / 15);
        series = Math.fma(series, z, 1.0 / 13);
        series = Math.fma(series, z, 1.0 / 11);
        series = Math.fma(series, z, 1.0 / 9);
        series = Math.fma(series, z, 1.0 / 7);
        series = Math.fma(series, z, 1.0 / 5);
        return Math.fma(series, z, 1.0 / 3);
    }
}
