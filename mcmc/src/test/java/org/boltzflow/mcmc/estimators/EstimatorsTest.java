package org.boltzflow.mcmc.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.targets.GaussianPair;
import org.boltzflow.flows.targets.GaussianPair.Gaussian;
import org.boltzflow.mcmc.TestDistributions;
import org.junit.jupiter.api.Test;

class EstimatorsTest {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    @Test
    void kishEssOfSimpleWeights() {
        assertEquals(1.0, ImportanceWeights.kishFraction(new double[] {0.3, 0.3, 0.3, 0.3}), 1e-15);
        assertEquals(0.25, ImportanceWeights.kishFraction(new double[] {0, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}), 1e-15);
        // weights 1, 2: (3)² / (2 · 5)
        assertEquals(0.9, ImportanceWeights.kishFraction(new double[] {0, Math.log(2)}), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> ImportanceWeights.kishFraction(new double[] {0, Double.NaN}));
    }

    @Test
    void reverseAndForwardEssMatchTheAnalyticValueForTwoGaussians() {
        // q = N(0, 1), p = N(μ, 1): E_q[w²] / E_q[w]² = exp(μ²), so ESS = exp(-μ²) both ways.
        double mu = 0.6;
        double truth = Math.exp(-mu * mu);
        SplittableRandom random = new SplittableRandom(5);
        int n = 20_000;
        double[] onQ = new double[n];
        double[] onP = new double[n];
        for (int i = 0; i < n; i++) {
            double x = TestDistributions.normal(random);
            onQ[i] = logRatio(x, mu);
            onP[i] = logRatio(x + mu, mu);
        }
        Estimate reverse = ImportanceWeights.reverseEss(onQ, 1L);
        Estimate forward = ImportanceWeights.forwardEss(onP, 2L);
        assertTrue(reverse.covers(truth, 3) && reverse.stdError() < 0.02, "reverse " + reverse + " vs " + truth);
        assertTrue(forward.covers(truth, 3) && forward.stdError() < 0.02, "forward " + forward + " vs " + truth);
    }

    @Test
    void blockResamplesAreWholeBlocksAndOneSampleBlocksAreTheOrdinaryBootstrap() {
        // 10 samples in 4 blocks: {0,1,2}, {3,4}, {5,6,7}, {8,9} (block b holds i with floor(4i/10) = b)
        int[] idx = Bootstrap.resample(10, 4, 3L, 0);
        assertEquals(10, idx.length);
        for (int k = 0; k < idx.length; k++) {
            boolean startsBlock = idx[k] == 0 || idx[k] == 3 || idx[k] == 5 || idx[k] == 8;
            assertTrue(startsBlock || (k > 0 && idx[k] == idx[k - 1] + 1), java.util.Arrays.toString(idx));
        }
        double[] v = {1, 4, 2, 8, 5, 7};
        Estimate plain = Bootstrap.estimate(6, 50, 9L, i -> Bootstrap.pick(v, i)[0] + Bootstrap.pick(v, i)[5]);
        Estimate blocks = Bootstrap.estimate(6, 6, 50, 9L, i -> Bootstrap.pick(v, i)[0] + Bootstrap.pick(v, i)[5]);
        assertEquals(plain, blocks);
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.estimate(6, 7, 50, 9L, i -> 0));
    }

    @Test
    void logZAndExpectationOfAShiftedGaussian() {
        double mu = 0.5;
        double logZ = 1.3;
        SplittableRandom random = new SplittableRandom(9);
        int n = 10_000;
        double[] x = new double[n];
        double[] logW = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = TestDistributions.normal(random);
            logW[i] = logRatio(x[i], mu) + logZ;
        }
        Estimate z = ImportanceWeights.logZ(logW);
        Estimate mean = ImportanceWeights.expectation(logW, i -> x[i]);
        assertTrue(z.covers(logZ, 3) && z.stdError() < 0.02, z.toString());
        assertTrue(mean.covers(mu, 3) && mean.stdError() < 0.02, mean.toString());
    }

    @Test
    void barRecoversTheLogZRatioOfTwoGaussians() {
        Engines.init(1);
        GaussianPair pair = new GaussianPair(new Gaussian(new double[] {0, 0}, new double[] {1, 1}, 0.0),
                new Gaussian(new double[] {0.8, -0.4}, new double[] {1.3, 0.7}, 2.5));
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] onA = samples(pair.a(), 3000, 1);
            double[][] onB = samples(pair.b(), 3000, 2);
            double[] rA = difference(pair.b(), pair.a(), onA, manager);
            double[] rB = difference(pair.a(), pair.b(), onB, manager);
            Estimate bar = Bar.logZRatio(rA, rB);
            assertTrue(bar.covers(pair.logZRatio(), 3) && bar.stdError() < 0.05, bar + " vs " + pair.logZRatio());
            Estimate swapped = Bar.logZRatio(rB, rA);
            assertEquals(-bar.value(), swapped.value(), 1e-9);
            assertEquals(bar.stdError(), swapped.stdError(), 1e-9);
        }
    }

    @Test
    void regionFreeEnergyFromReweightedSamplesMatchesTheClosedForm() {
        // samples from q = N(0, 1.5²) reweighted to p = N(0.3, 1); A: x < 0, B: x >= 0.
        Gaussian p = new Gaussian(new double[] {0.3}, new double[] {1.0}, 0.0);
        double pA = p.probabilityBelow(0, 0.0);
        double truth = -Math.log(pA / (1 - pA));
        int n = 10_000;
        SplittableRandom random = new SplittableRandom(13);
        double[] logW = new double[n];
        boolean[] inA = new boolean[n];
        boolean[] inB = new boolean[n];
        for (int i = 0; i < n; i++) {
            double x = 1.5 * TestDistributions.normal(random);
            logW[i] = gaussianLogPdf(x, 0.3, 1.0) - gaussianLogPdf(x, 0, 1.5);
            inA[i] = x < 0;
            inB[i] = !inA[i];
        }
        Estimate delta = RegionFreeEnergy.delta(logW, inA, inB, 1.0);
        Estimate boot = RegionFreeEnergy.bootstrap(logW, inA, inB, 1.0, 200, 3L);
        assertTrue(delta.covers(truth, 3) && delta.stdError() < 0.05, delta + " vs " + truth);
        assertEquals(delta.value(), boot.value(), 0.0);
        assertEquals(delta.stdError(), boot.stdError(), 0.3 * delta.stdError());
        Estimate inKj = RegionFreeEnergy.delta(logW, inA, inB, 2.494);
        assertEquals(2.494 * delta.value(), inKj.value(), 1e-12);
    }

    @Test
    void bootstrapErrorBarsCoverTheTruthAtLeastNinetyPercentOfTheTime() {
        // 100 small experiments: self-normalized E_p[x] from 200 samples of q = N(0, 1), p = N(0.4, 0.8²).
        int covered = 0;
        for (int repeat = 0; repeat < 100; repeat++) {
            SplittableRandom random = new SplittableRandom(1000 + repeat);
            double[] x = new double[200];
            double[] logW = new double[200];
            for (int i = 0; i < x.length; i++) {
                x[i] = TestDistributions.normal(random);
                logW[i] = gaussianLogPdf(x[i], 0.4, 0.8) - gaussianLogPdf(x[i], 0, 1);
            }
            Estimate e = Bootstrap.estimate(x.length, 200, repeat, idx -> {
                double[] lw = Bootstrap.pick(logW, idx);
                double[] xs = Bootstrap.pick(x, idx);
                return ImportanceWeights.expectation(lw, i -> xs[i]).value();
            });
            covered += e.covers(0.4, 2) ? 1 : 0;
        }
        assertTrue(covered >= 90, covered + " of 100 within 2 sigma");
    }

    @Test
    void truncationClipsTheLargestWeightsAndSaysSo() {
        double[] logW = {0, 1, 2, 3, 10};
        WeightTruncation.Truncated t = WeightTruncation.atQuantile(logW, 0.8);
        assertEquals(1, t.clipped());
        assertEquals(3.0, t.logWeights()[4]);
        assertEquals(2.0, t.logWeights()[2]);
        assertTrue(t.warning().contains("1 of 5"), t.warning());
        WeightTruncation.Truncated none = WeightTruncation.atQuantile(logW, 1.0);
        assertEquals(0, none.clipped());
        assertEquals("", none.warning());
    }

    private static double logRatio(double x, double mu) {
        return gaussianLogPdf(x, mu, 1) - gaussianLogPdf(x, 0, 1);
    }

    private static double gaussianLogPdf(double x, double mean, double std) {
        double u = (x - mean) / std;
        return -0.5 * u * u - Math.log(std) - LOG_SQRT_2PI;
    }

    private static double[][] samples(Gaussian g, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][g.dim()];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = g.mean()[j] + g.std()[j] * TestDistributions.normal(random);
            }
        }
        return x;
    }

    private static double[] difference(Target numerator, Target denominator, double[][] x, NDManager manager) {
        double[] top = TestDistributions.logProb(numerator, manager.create(x));
        double[] bottom = TestDistributions.logProb(denominator, manager.create(x));
        for (int i = 0; i < top.length; i++) {
            top[i] -= bottom[i];
        }
        return top;
    }

    @Test
    void blockBootstrapOfRegionFreeEnergyEqualsTheFreeEnergyOfEachResampleRecomputed() {
        // heavy-tailed weights, correlated blocks: the common-scale sums must give each resample's own ΔF
        int n = 3_000;
        int blocks = 60;
        SplittableRandom random = new SplittableRandom(29);
        double[] logW = new double[n];
        boolean[] inA = new boolean[n];
        boolean[] inB = new boolean[n];
        for (int i = 0; i < n; i++) {
            logW[i] = 4 * TestDistributions.normal(random);
            double u = random.nextDouble();
            inA[i] = u < 0.4;
            inB[i] = u > 0.7;
        }
        double kT = 2.494;
        int replicates = 50;
        double sum = 0;
        double sumSquares = 0;
        for (int r = 0; r < replicates; r++) {
            int[] idx = Bootstrap.resample(n, blocks, 17L, r);
            boolean[] a = new boolean[n];
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                a[i] = inA[idx[i]];
                b[i] = inB[idx[i]];
            }
            double value = RegionFreeEnergy.delta(Bootstrap.pick(logW, idx), a, b, kT).value();
            sum += value;
            sumSquares += value * value;
        }
        double mean = sum / replicates;
        double spread = Math.sqrt((sumSquares / replicates - mean * mean) * replicates / (replicates - 1.0));
        Estimate boot = RegionFreeEnergy.bootstrap(logW, inA, inB, kT, blocks, replicates, 17L);
        assertEquals(RegionFreeEnergy.delta(logW, inA, inB, kT).value(), boot.value(), 1e-12);
        assertEquals(spread, boot.stdError(), 1e-9 * spread);
    }

    @Test
    void regionFreeEnergyOfARareRegionIsUndefinedOrHasAnInfiniteErrorInsteadOfFailing() {
        double[] logW = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        boolean[] inA = {true, true, true, true, true, true, true, true, true, false};
        boolean[] none = new boolean[10];
        boolean[] inB = new boolean[10];
        inB[9] = true;
        assertTrue(RegionFreeEnergy.defined(logW, inA, inB));
        assertTrue(!RegionFreeEnergy.defined(logW, inA, none));
        assertTrue(Double.isNaN(RegionFreeEnergy.bootstrapIfDefined(logW, inA, none, 1.0, 20, 5L).value()));
        double[] underflowing = logW.clone();
        underflowing[9] = -1e4;
        assertTrue(!RegionFreeEnergy.defined(underflowing, inA, inB), "a weight that underflows to 0 does not count");
        Estimate rare = RegionFreeEnergy.bootstrap(logW, inA, inB, 1.0, 200, 5L);
        assertEquals(-Math.log(9.0), rare.value(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, rare.stdError(), "some resamples miss the one sample in B");
    }
}
