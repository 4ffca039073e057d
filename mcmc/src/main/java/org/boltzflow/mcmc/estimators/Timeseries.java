package org.boltzflow.mcmc.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Correlated samples in time order (MD frames, MCMC chains), as pymbar's {@code timeseries} module treats them: the
 * statistical inefficiency g (the series holds about n / g independent samples), the start of the equilibrated part
 * (Chodera 2016: the start that keeps the most effective samples), and the indices of roughly uncorrelated samples.
 * The answers are pymbar's, within rounding; the effective samples after a start t of n values count the n - t
 * values there are.
 */
public final class Timeseries {
    /** The smallest lag up to which the correlation function is summed even where it is negative (pymbar's). */
    public static final int MIN_TIME = 3;

    private Timeseries() {}

    /** Where a series equilibrates: the first value kept, g of the rest, and the effective samples (n - start) / g. */
    public record Equilibration(int start, double inefficiency, double effectiveSamples) {}

    /** g of {@code a}: {@code 1 + 2 Σ_t (1 - t/n) C(t)}, summed over every lag until C first drops to 0 or below. */
    public static double statisticalInefficiency(double[] a) {
        return statisticalInefficiency(a, a, false);
    }

    /**
     * g of the pair ({@code a}, {@code b}) from their symmetrized normalized cross-correlation (the two the same
     * series: its own g); {@code fast} sums over lags 1, 2, 4, 7, 11, ... weighted by the gaps between them. Refuses
     * series of different lengths, fewer than 2 values, a value that is not finite, or a zero covariance.
     */
    public static double statisticalInefficiency(double[] a, double[] b, boolean fast) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("the two series differ in length: " + a.length + " and " + b.length);
        }
        check(a);
        check(b);
        int n = a.length;
        double[] da = centred(a);
        double[] db = a == b ? da : centred(b);
        double covariance = 0;
        for (int i = 0; i < n; i++) {
            covariance += da[i] * db[i];
        }
        covariance /= n;
        if (covariance == 0) {
            throw new IllegalArgumentException("the series' covariance is 0 (a constant series): no statistical "
                    + "inefficiency");
        }
        double g = 1;
        int increment = 1;
        for (int t = 1; t < n - 1; ) {
            double sum = 0;
            for (int i = 0; i < n - t; i++) {
                sum += da[i] * db[i + t] + db[i] * da[i + t];
            }
            double c = sum / (2.0 * (n - t) * covariance);
            if (c <= 0 && t > MIN_TIME) {
                break;
            }
            g += 2 * c * (1 - (double) t / n) * increment;
            t += increment;
            if (fast) {
                increment++;
            }
        }
        return Math.max(g, 1);
    }

    /**
     * The start of the equilibrated part of {@code a}: of the starts 0, {@code skip}, 2 {@code skip}, ... below
     * n - 1, the one whose remainder has the most effective samples (n - t) / g, g by the fast sum. A remainder that
     * is constant counts as one effective sample; a series that is constant throughout starts at 0 with g = 1.
     * Its cost grows with n² (times the correlation time): for long series, a {@code skip} of n / 1000 or so.
     */
    public static Equilibration detectEquilibration(double[] a, int skip) {
        check(a);
        if (skip < 1) {
            throw new IllegalArgumentException("skip must be >= 1, got " + skip);
        }
        int n = a.length;
        if (isConstant(a, 0)) {
            return new Equilibration(0, 1, 1);
        }
        Equilibration best = null;
        for (int t = 0; t < n - 1; t += skip) {
            double[] rest = Arrays.copyOfRange(a, t, n);
            double g = isConstant(a, t) ? n - t : statisticalInefficiency(rest, rest, true);
            Equilibration candidate = new Equilibration(t, g, (n - t) / g);
            if (best == null || candidate.effectiveSamples() > best.effectiveSamples()) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Indices of about n / g uncorrelated values of a series of {@code n}: {@code round(k g)} for k = 0, 1, ... below
     * n, halves rounded to even as pymbar's Python does, each index once; {@code conservative}: every
     * {@code ceil(g)}-th index.
     */
    public static int[] uncorrelatedIndices(int n, double g, boolean conservative) {
        if (n < 1 || !(g >= 1) || Double.isInfinite(g)) {
            throw new IllegalArgumentException("need n >= 1 and a finite g >= 1, got n = " + n + ", g = " + g);
        }
        List<Integer> indices = new ArrayList<>();
        if (conservative) {
            int stride = (int) Math.ceil(g);
            for (int t = 0; t < n; t += stride) {
                indices.add(t);
            }
        } else {
            for (int k = 0; Math.rint(k * g) < n; k++) {
                int t = (int) Math.rint(k * g);
                if (indices.isEmpty() || t != indices.get(indices.size() - 1)) {
                    indices.add(t);
                }
            }
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The values of {@code a} at {@link #uncorrelatedIndices} for its own g. */
    public static double[] subsample(double[] a) {
        int[] indices = uncorrelatedIndices(a.length, statisticalInefficiency(a), false);
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = a[indices[i]];
        }
        return out;
    }

    private static void check(double[] a) {
        if (a.length < 2) {
            throw new IllegalArgumentException("a series needs at least 2 values, got " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException("value " + i + " of the series is " + a[i]);
            }
        }
    }

    private static double[] centred(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - mean;
        }
        return d;
    }

    private static boolean isConstant(double[] a, int from) {
        for (int i = from + 1; i < a.length; i++) {
            if (a[i] != a[from]) {
                return false;
            }
        }
        return true;
    }
}
