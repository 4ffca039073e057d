package org.boltzflow.flows.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.targets.GridQuadrature;

/** The checks every base distribution passes: normalization, agreement of samples with logProb, seeding. */
final class DistributionChecks {
    private DistributionChecks() {}

    /** {@code logProb} integrates to 1 over the box (which must hold all the mass). */
    static void integratesToOne(Distribution d, double[] low, double[] high, double tolerance) {
        double logIntegral = GridQuadrature.integrate(d, low, high, d.dim() == 1 ? 20000 : 600).logIntegral();
        assertEquals(0.0, logIntegral, tolerance, "log ∫ p of " + d.toJson());
    }

    /**
     * The sample's log-densities equal {@code logProb} of its points, and their mean equals the quadrature's
     * {@code E[log p]} within 4 standard errors.
     */
    static void samplesMatchTheDensity(Distribution d, double[] low, double[] high, int n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Sample s = d.sample(manager, n, 17L);
            assertEquals(new Shape(n, d.dim()), s.x().getShape());
            double[] logP = s.logProb().toDoubleArray();
            assertArrayEquals(d.logProb(s.x()).toDoubleArray(), logP, 1e-10);
            double mean = Arrays.stream(logP).average().orElseThrow();
            double var = Arrays.stream(logP).map(v -> (v - mean) * (v - mean)).sum() / n;
            double expected = GridQuadrature.integrate(d, low, high, d.dim() == 1 ? 20000 : 600).meanLogProb();
            assertEquals(expected, mean, 4 * Math.sqrt(var / n) + 1e-9, "mean log p of samples of " + d.toJson());
        }
    }

    /**
     * Kolmogorov–Smirnov check of a 1D distribution: the empirical CDF of {@code n} samples is within the 0.1%
     * critical distance (1.95/√n) of the CDF integrated numerically from {@code logProb} on [low, high].
     */
    static void kolmogorovSmirnov(Distribution d, double low, double high, int n) {
        int grid = 20000;
        double h = (high - low) / grid;
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] xs = new double[grid + 1];
            for (int i = 0; i <= grid; i++) {
                xs[i] = low + i * h;
            }
            double[] density = d.logProb(manager.create(xs, new Shape(grid + 1, 1))).exp().toDoubleArray();
            double[] cdf = new double[grid + 1];
            for (int i = 1; i <= grid; i++) {
                cdf[i] = cdf[i - 1] + 0.5 * h * (density[i] + density[i - 1]);
            }
            double[] samples = d.sample(manager, n, 23L).x().toDoubleArray();
            Arrays.sort(samples);
            double distance = 0;
            for (int i = 0; i < n; i++) {
                int cell = (int) Math.min(grid - 1, Math.max(0, Math.floor((samples[i] - low) / h)));
                double t = (samples[i] - xs[cell]) / h;
                double f = cdf[cell] + t * (cdf[cell + 1] - cdf[cell]);
                distance = Math.max(distance, Math.max(Math.abs((i + 1.0) / n - f), Math.abs((double) i / n - f)));
            }
            assertTrue(distance < 1.95 / Math.sqrt(n), "KS distance " + distance + " of " + d.toJson());
        }
    }

    /** The same seed gives the same sample, another seed a different one. */
    static void seeded(Distribution d) {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] a = d.sample(manager, 50, 5L).x().toDoubleArray();
            double[] b = d.sample(manager, 50, 5L).x().toDoubleArray();
            double[] c = d.sample(manager, 50, 6L).x().toDoubleArray();
            assertArrayEquals(a, b, 0.0);
            assertTrue(!Arrays.equals(a, c));
        }
    }
}
