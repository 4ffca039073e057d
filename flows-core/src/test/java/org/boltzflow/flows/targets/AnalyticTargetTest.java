package org.boltzflow.flows.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.stream.Stream;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnalyticTargetTest {
    private static final int N = 20000;

    @BeforeAll
    static void engine() {
        Engines.init(2);
    }

    static Stream<AnalyticTarget> targets() {
        return ToyTargets.NAMES.stream().map(name -> ToyTargets.byName(name, DataType.FLOAT64));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void logProbIntegratesToOne(AnalyticTarget target) {
        double[][] box = target.box();
        double logIntegral = GridQuadrature.integrate(target, box[0], box[1], 400).logIntegral();
        assertEquals(0.0, logIntegral, 1e-6, target.name());
    }

    /** The mean log-density of exact samples matches the quadrature's -entropy within 4 standard errors. */
    @ParameterizedTest
    @MethodSource("targets")
    void samplesHaveTheEntropyOfTheDensity(AnalyticTarget target) {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] logP = target.sample(manager, N, 11L).logProb().toDoubleArray();
            double mean = 0;
            double square = 0;
            for (double v : logP) {
                mean += v / N;
                square += v * v / N;
            }
            double standardError = Math.sqrt((square - mean * mean) / N);
            assertEquals(target.entropy(), -mean, 4 * standardError, target.name());
            assertTrue(standardError < 0.02, "too few samples for a sharp test");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void sameSeedSameSamples(AnalyticTarget target) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Sample a = target.sample(manager, 100, 3L);
            Sample b = target.sample(manager, 100, 3L);
            Sample c = target.sample(manager, 100, 4L);
            assertArrayEquals(a.x().toDoubleArray(), b.x().toDoubleArray(), 0.0);
            assertTrue(a.x().sub(c.x()).abs().max().getDouble() > 0.1);
        }
    }

    @Test
    void eightGaussiansPutAnEighthOfTheMassOnEachMode() {
        EightGaussians target = new EightGaussians();
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] modes = target.nearestMode(target.sample(manager, N, 5L).x().toDoubleArray());
            int[] counts = new int[EightGaussians.MODES];
            for (int m : modes) {
                counts[m]++;
            }
            double sd = Math.sqrt(N * (1.0 / 8) * (7.0 / 8));
            for (int count : counts) {
                assertEquals(N / 8.0, count, 4 * sd);
            }
        }
    }

    @Test
    void cylinderAngleFollowsTheVonMisesAroundThreeX() {
        CylinderTarget target = new CylinderTarget();
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] rows = target.sample(manager, N, 9L).x().toDoubleArray();
            double meanCos = 0;
            double meanX = 0;
            double meanX2 = 0;
            for (int i = 0; i < N; i++) {
                meanCos += Math.cos(rows[2 * i + 1] - 3 * rows[2 * i]) / N;
                meanX += rows[2 * i] / N;
                meanX2 += rows[2 * i] * rows[2 * i] / N;
                assertTrue(rows[2 * i + 1] >= -Math.PI && rows[2 * i + 1] < Math.PI);
            }
            // E[cos(φ - μ)] = I1(1)/I0(1) for κ = 1.
            assertEquals(0.4463899658965012, meanCos, 0.02);
            assertEquals(0.0, meanX, 0.03);
            assertEquals(1.0, meanX2, 0.04);
            assertEquals(List.of(org.boltzflow.flows.Domain.Kind.UNBOUNDED, org.boltzflow.flows.Domain.Kind.CIRCULAR),
                    target.domains().stream().map(org.boltzflow.flows.Domain::kind).toList());
        }
    }
}
