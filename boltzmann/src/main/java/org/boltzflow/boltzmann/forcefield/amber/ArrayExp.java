package org.boltzflow.boltzmann.forcefield.amber;

/**
 * exp(-x) over an array by plain arithmetic the JIT vectorizes ({@code Math.exp} is a scalar stub call): x = k ln 2
 * - r with k rounded to an integer by the 1.5·2⁵² trick and |r| ≤ ½ ln 2, e^-r by its Taylor series to the 13th
 * power (fused multiply-adds), and 2^-k put into the exponent bits. Within 2 ulp of {@code StrictMath.exp} for x in [0, {@link #MAX}];
 * larger x give exp(-MAX) ≈ 1e-304 (where the true value is smaller still, or zero).
 */
final class ArrayExp {
    static final double MAX = 700;
    private static final double ROUNDER = 0x1.8p52;
    private static final double INVERSE_LN2 = 1.4426950408889634;
    private static final double LN2_HIGH = 0.6931471803691238; // ln 2 in 32 significant bits: k·LN2_HIGH is exact
    private static final double LN2_LOW = 1.9082149292705877e-10;

    private ArrayExp() {}

    /** Writes exp(-x[i]) to {@code out[i]} for i below {@code count}; {@code scratch} is working space. */
    static void ofNegative(double[] x, double[] out, double[] scratch, int count) {
        for (int i = 0; i < count; i++) {
            double y = -Math.min(x[i], MAX);
            double rounded = y * INVERSE_LN2 + ROUNDER; // ROUNDER + k in its last bits
            double k = rounded - ROUNDER;
            double r = Math.fma(k, -LN2_LOW, Math.fma(k, -LN2_HIGH, y));
            scratch[i] = rounded;
            double series = 1.0 / 6227020800L; // 1/13!, Horner with one fused node per power (a loop body of
            series = Math.fma(series, r, 1.0 / 479001600); // separate multiplies and adds this long is not
            series = Math.fma(series, r, 1.0 / 39916800); // vectorized by the JIT)
            series = Math.fma(series, r, 1.0 / 3628800);
            series = Math.fma(series, r, 1.0 / 362880);
            series = Math.fma(series, r, 1.0 / 40320);
            series = Math.fma(series, r, 1.0 / 5040);
            series = Math.fma(series, r, 1.0 / 720);
            series = Math.fma(series, r, 1.0 / 120);
            series = Math.fma(series, r, 1.0 / 24);
            series = Math.fma(series, r, 1.0 / 6);
            series = Math.fma(series, r, 0.5);
            series = Math.fma(series, r, 1);
            out[i] = Math.fma(series, r, 1);
        }
        for (int i = 0; i < count; i++) { // 2^k: the low 11 bits of k + 1023 shifted into the exponent field
            out[i] *= Double.longBitsToDouble((Double.doubleToRawLongBits(scratch[i]) + 1023) << 52);
        }
    }
}
