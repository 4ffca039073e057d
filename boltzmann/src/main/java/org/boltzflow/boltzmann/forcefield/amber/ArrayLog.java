package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Natural logarithms of an array, in place, by plain arithmetic the JIT vectorizes ({@code Math.log} is a scalar
 * stub call, the most expensive step of the GB pair loop): with b = a^¼ by two square roots,
 * ln a = 8 atanh((b - 1)/(b + 1)) by its series to the 33rd power, plus the rounding errors of the two roots
 * recovered exactly by fused multiply-adds. Within 3 ulp of {@code StrictMath.log} for a in
 * [{@link #MIN}, {@link #MAX}]; outside that range the series does not converge fast enough.
 */
final class ArrayLog {
    static final double MIN = 1.0 / 16;
    static final double MAX = 4;

    private ArrayLog() {}

    /** Replaces {@code values[0..count)} by their logarithms, using {@code root} and {@code correction} as scratch. */
    static void inPlace(double[] values, int count, double[] root, double[] correction) {
        for (int i = 0; i < count; i++) {
            root[i] = Math.sqrt(values[i]);
        }
        for (int i = 0; i < count; i++) {
            double half = root[i];
            double quarter = Math.sqrt(half);
            // ln a = 4 ln b - 2 ln(b²/√a) - ln((√a)²/a), the last two being tiny and exact to first order
            correction[i] = -(2 * Math.fma(quarter, quarter, -half) / half
                    + Math.fma(half, half, -values[i]) / values[i]);
            root[i] = quarter;
        }
        for (int i = 0; i < count; i++) {
            double t = (root[i] - 1) / (root[i] + 1);
            double z = t * t;
            double series = 1.0 / 33; // Horner with one fused node per power (separate multiplies and
            series = Math.fma(series, z, 1.0 / 31); // adds make the loop body too long for the JIT to vectorize)
            series = Math.fma(series, z, 1.0 / 29);
            series = Math.fma(series, z, 1.0 / 27);
            series = Math.fma(series, z, 1.0 / 25);
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
            series = Math.fma(series, z, 1.0 / 3);
            series = Math.fma(series, z, 1);
            values[i] = 8 * t * series;
        }
        for (int i = 0; i < count; i++) {
            values[i] += correction[i];
        }
    }
}
