package org.boltzflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.targets.GaussianPair;
import org.boltzflow.flows.targets.ManyWell;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class McmcLayerTest {
    /** KS statistic bound for n = 2000 at a two-sided level of about 1e-3. */
    private static final int CHAINS = 2000;
    private static final double KS_BOUND = 1.95 / Math.sqrt(CHAINS);

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void everyLayerLeavesTheDoubleWellInvariant() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian reference = TestDistributions.gaussian(manager, new double[] {0, 0}, new double[] {1, 1});
            ManyWell well = new ManyWell(2);
            List<McmcLayer> layers = List.of(
                    new McmcLayer(reference, well, 1.0, 40, new RandomWalkMetropolis(0.6, 0.9)),
                    new McmcLayer(reference, well, 1.0, 20, new Hmc(3, 0.15, 0.3)),
                    new McmcLayer(reference, well, 1.0, 40, new Mala(0.2, 0.5)));
            NDArray start = manager.create(TestDistributions.doubleWellSamples(CHAINS, 11));
            NormalDistribution normal = new NormalDistribution(null, 0, 1);
            for (McmcLayer layer : layers) {
                double[][] x = columns(layer.forward(start, 5L).value());
                assertKs(layer + " a", x[0], TestDistributions::doubleWellCdf);
                assertKs(layer + " b", x[1], normal::cumulativeProbability);
                assertTrue(moved(start, x), layer + " did not move the chains");
            }
        }
    }

    @Test
    void hmcLeavesTheGeometricInterpolationOfTwoGaussiansInvariant() {
        // π_β ∝ N(0,1)^(1/2) N(2, 0.5²)^(1/2) in each coordinate: precision (1 + 4)/2, mean (0 + 2·4)/2 / precision.
        double precision = 2.5;
        double mean = 4.0 / precision;
        double std = 1 / Math.sqrt(precision);
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian reference = TestDistributions.gaussian(manager, new double[] {0, 0}, new double[] {1, 1});
            Target target = new GaussianPair.Gaussian(new double[] {2, 2}, new double[] {0.5, 0.5}, 3.0);
            DiagonalGaussian exact = TestDistributions.gaussian(manager, new double[] {mean, mean},
                    new double[] {std, std});
            NDArray start = exact.sample(manager, CHAINS, 3L).x();
            McmcLayer layer = new McmcLayer(reference, target, 0.5, 20, new Hmc(2, 0.3));
            double[][] x = columns(layer.forward(start, 9L).value());
            NormalDistribution marginal = new NormalDistribution(null, mean, std);
            assertKs("beta 0.5 x0", x[0], marginal::cumulativeProbability);
            assertKs("beta 0.5 x1", x[1], marginal::cumulativeProbability);
        }
    }

    @Test
    void hmcWithOneTinyLeapfrogStepAcceptsAlmostAlways() {
        try (NDManager manager = NDManager.newBaseManager()) {
            GeometricPath path = manyWellPath(manager);
            PathState state = startOf(path, 512, manager);
            PathState after = new Hmc(1, 1e-3).step(path, 1.0, state, 2L, manager);
            assertTrue(after.acceptance() > 0.999, "acceptance " + after.acceptance());
            PathState coarse = new Hmc(1, 2.0).step(path, 1.0, state, 2L, manager);
            assertTrue(coarse.acceptance() < 0.5, "a huge step should be rejected often: " + coarse.acceptance());
        }
    }

    @Test
    void stepSizeAdaptationReachesTheTargetAcceptance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            GeometricPath path = manyWellPath(manager);
            Hmc hmc = new Hmc(2, 1.0);
            hmc.adaptTo(0.65, 100);
            PathState state = Chain.run(path, 1.0, hmc, startOf(path, 128, manager), 100, 4L, manager);
            assertTrue(!hmc.adapting());
            PathState frozen = Chain.run(path, 1.0, hmc, state, 20, 5L, manager);
            assertEquals(0.65, frozen.acceptance(), 0.1);
            assertTrue(hmc.stepSizes(32)[0] < 0.5, "the step must have shrunk from 1.0: " + hmc.stepSizes(32)[0]);
        }
    }

    @Test
    void snfImportanceWeightsGiveUnbiasedExpectationsAndLogZ() {
        GaussianPair.Gaussian p = new GaussianPair.Gaussian(new double[] {1.0, -0.5}, new double[] {0.8, 1.3}, 0.7);
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian base = TestDistributions.gaussian(manager, new double[] {0, 0}, new double[] {1, 1});
            NormalizingFlow snf = new NormalizingFlow(base, List.of(
                    new McmcLayer(base, p, 0.5, 3, new RandomWalkMetropolis(0.7)),
                    new McmcLayer(base, p, 0.8, 2, new Mala(0.5)),
                    new McmcLayer(base, p, 1.0, 2, new Hmc(3, 0.3))));
            Sample s = snf.sample(manager, 4000, 21L);
            double[] logW = subtract(TestDistributions.logProb(p, s.x()), s.logProb().toDoubleArray());
            double[][] x = columns(s.x());
            Estimate mean0 = ImportanceWeights.expectation(logW, i -> x[0][i]);
            Estimate mean1 = ImportanceWeights.expectation(logW, i -> x[1][i]);
            Estimate logZ = ImportanceWeights.logZ(logW);
            assertTrue(mean0.covers(1.0, 3), "E[x0] " + mean0);
            assertTrue(mean1.covers(-0.5, 3), "E[x1] " + mean1);
            assertTrue(logZ.covers(0.7, 3), "log Z " + logZ);
            assertTrue(mean0.stdError() < 0.05, "the estimate must be informative: " + mean0);
        }
    }

    @Test
    void stochasticLayersAreDeterministicPerSeedWhateverTheThreadCount() {
        ManyWell well = new ManyWell(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian base = TestDistributions.gaussian(manager, new double[4], fill(4, 1.0));
            NormalizingFlow snf = new NormalizingFlow(base, List.of(new McmcLayer(base, well, 1.0, 3, new Hmc(2, 0.2))));
            ai.djl.pytorch.jni.JniUtils.setNumThreads(2);
            double[] two = snf.sample(manager, 3000, 8L).logProb().toDoubleArray();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
            double[] one = snf.sample(manager, 3000, 8L).logProb().toDoubleArray();
            assertArrayEquals(one, two, 0.0);
            FlowResult other = snf.forward(base.sample(manager, 3000, 0L).x(), 9L);
            assertTrue(other.logDet().toDoubleArray()[0] != one[0]);
        }
    }

    /** The path from a standard normal to the 32-dimensional Many Well. */
    private static GeometricPath manyWellPath(NDManager manager) {
        return new GeometricPath(TestDistributions.gaussian(manager, new double[32], fill(32, 1.0)), new ManyWell(32));
    }

    private static PathState startOf(GeometricPath path, int n, NDManager manager) {
        return path.evaluate(((DiagonalGaussian) path.start()).sample(manager, n, 1L).x(), true, manager);
    }

    private static void assertKs(String what, double[] sample, DoubleUnaryOperator cdf) {
        double d = new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(
                new org.apache.commons.math3.distribution.AbstractRealDistribution(null) {
                    @Override
                    public double cumulativeProbability(double x) {
                        return cdf.applyAsDouble(x);
                    }

                    @Override
                    public double density(double x) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public double getNumericalMean() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public double getNumericalVariance() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public double getSupportLowerBound() {
                        return Double.NEGATIVE_INFINITY;
                    }

                    @Override
                    public double getSupportUpperBound() {
                        return Double.POSITIVE_INFINITY;
                    }

                    @Override
                    public boolean isSupportLowerBoundInclusive() {
                        return false;
                    }

                    @Override
                    public boolean isSupportUpperBoundInclusive() {
                        return false;
                    }

                    @Override
                    public boolean isSupportConnected() {
                        return true;
                    }
                }, sample);
        assertTrue(d < KS_BOUND, what + ": KS statistic " + d + " above " + KS_BOUND);
    }

    private static boolean moved(NDArray start, double[][] x) {
        double[][] s = columns(start);
        int moved = 0;
        for (int i = 0; i < x[0].length; i++) {
            moved += s[0][i] != x[0][i] ? 1 : 0;
        }
        return moved > x[0].length / 2;
    }

    static double[][] columns(NDArray x) {
        int n = Math.toIntExact(x.getShape().get(0));
        int d = Math.toIntExact(x.getShape().get(1));
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] c = new double[d][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[j][i] = flat[i * d + j];
            }
        }
        return c;
    }

    static double[] subtract(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    static double[] fill(int n, double value) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
