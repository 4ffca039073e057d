package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The residual block's numerical parts: the Russian-roulette log-det is unbiased (its mean over many draws matches
 * the exact log-det within 3 standard errors, on 5-dimensional inputs), so is the Neumann-series gradient (against
 * the exact log-det's gradient), the fixed-point inverse reaches its stated tolerance, and spectral normalization makes the residual branch a contraction.
 */
class ResidualBlockTest {
    private static final int DIM = 5;
    private static final DataType F64 = DataType.FLOAT64;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static ResidualBlock block(NDManager manager, ResidualBlock.Settings settings, long seed) {
        ResidualBlock block = new ResidualBlock(manager, DIM, settings, F64, seed);
        LayerChecks.perturb(block, 0.5, Rng.derive(seed, 7));
        block.updateSpectralNorms(200);
        block.setTraining(false);
        return block;
    }

    @Test
    void rouletteLogDetIsUnbiased() {
        // z-scores over blocks of seeds 3..8 (24 points) all lay within ±1.4; two of those blocks are checked here
        assertRouletteMatchesExact(5L);
        assertRouletteMatchesExact(7L);
    }

    private static void assertRouletteMatchesExact(long seed) {
        int points = 4;
        int draws = 8000;
        try (NDManager manager = NDManager.newBaseManager()) {
            ResidualBlock exact = block(manager, ResidualBlock.Settings.of(32), seed);
            ResidualBlock roulette = block(manager, ResidualBlock.Settings.of(32)
                    .withLogDet(ResidualBlock.LogDet.ROULETTE), seed);
            NDArray x = Rng.normal(manager, new Shape(points, DIM), F64, 11L + seed).mul(0.5);
            double[] truth = exact.inverse(x).logDet().toDoubleArray();
            double[] estimates = roulette.inverse(x.repeat(0, draws)).logDet().toDoubleArray();
            for (int p = 0; p < points; p++) {
                double sum = 0;
                double sumSquares = 0;
                for (int d = 0; d < draws; d++) {
                    double e = estimates[p * draws + d];
                    sum += e;
                    sumSquares += e * e;
                }
                double mean = sum / draws;
                double standardError = Math.sqrt((sumSquares / draws - mean * mean) / (draws - 1));
                assertTrue(Math.abs(truth[p]) > 10 * standardError, "point " + p + ": the test needs a log-det ("
                        + truth[p] + ") well resolved by the standard error " + standardError);
                assertTrue(Math.abs(mean - truth[p]) <= 3 * standardError, "point " + p + ": roulette mean " + mean
                        + " vs exact " + truth[p] + " (standard error " + standardError + ")");
            }
        }
    }

    @Test
    void neumannGradientHasTheRouletteValueAndIsUnbiased() {
        // the standardized differences of the five projections over seeds 3..8 (30 values) lay within ±2.8
        assertNeumannGradientMatchesExact(4L);
        assertNeumannGradientMatchesExact(6L);
    }

    /**
     * Over batches of {@code draws} copies of 4 points, the Neumann estimator's gradient of Σ logDet, projected on a
     * fixed random direction (one projection per point for the input, one for all trainable parameters, which is
     * resolved to a tenth of itself), has a mean within 3 standard errors of the exact log-det's gradient; its
     * values equal the roulette estimator's.
     */
    private static void assertNeumannGradientMatchesExact(long seed) {
        int points = 4;
        int draws = 100;
        int batches = 30;
        try (NDManager manager = NDManager.newBaseManager()) {
            // Lip(g) <= 0.6 and P(N > k + 1 | N > k) = 0.7: terms shrink like (0.6/0.7)^k, a finite variance
            ResidualBlock.Settings settings = new ResidualBlock.Settings(new int[] {32}, 0.6, 1, 1e-9,
                    ResidualBlock.LogDet.NEUMANN, 0.3, 2);
            ResidualBlock exact = block(manager, settings.withLogDet(ResidualBlock.LogDet.EXACT), seed);
            ResidualBlock neumann = block(manager, settings, seed);
            ResidualBlock roulette = block(manager, settings.withLogDet(ResidualBlock.LogDet.ROULETTE), seed);
            NDArray x = Rng.normal(manager, new Shape(points, DIM), F64, 11L + seed).mul(0.5);
            assertArrayEquals(roulette.inverse(x.repeat(0, draws)).logDet().toDoubleArray(),
                    neumann.inverse(x.repeat(0, draws)).logDet().toDoubleArray(), 1e-12);
            double[] truth = projectedGradient(exact, x, 1, seed);
            double[][] estimates = new double[batches][];
            for (int b = 0; b < batches; b++) {
                estimates[b] = projectedGradient(neumann, x.repeat(0, draws), draws, seed);
            }
            for (int j = 0; j < truth.length; j++) {
                double sum = 0;
                double sumSquares = 0;
                for (double[] e : estimates) {
                    sum += e[j];
                    sumSquares += e[j] * e[j];
                }
                double mean = sum / batches;
                double standardError = Math.sqrt((sumSquares / batches - mean * mean) / (batches - 1));
                assertTrue(Math.abs(mean - truth[j]) <= 3 * standardError, "projection " + j + ": Neumann mean "
                        + mean + " vs exact " + truth[j] + " (standard error " + standardError + ")");
                if (j == points) {
                    assertTrue(Math.abs(truth[j]) > 10 * standardError, "the parameters' projection " + truth[j]
                            + " should be well resolved by the standard error " + standardError);
                }
            }
        }
    }

    /**
     * The gradient of Σ logDet over {@code x} (rows: {@code copies} copies of each point in turn), divided by
     * {@code copies}, projected on seeded random directions: one value per point for the input, then one for all
     * trainable parameters.
     */
    private static double[] projectedGradient(ResidualBlock layer, NDArray x, int copies, long seed) {
        NDArray point = x.duplicate();
        point.setRequiresGradient(true);
        List<NDArray> parameters = new ArrayList<>();
        for (Parameter parameter : layer.parameters()) {
            if (parameter.requiresGradient() && parameter.getArray().hasGradient()) {
                parameter.getArray().getGradient().muli(0);
                parameters.add(parameter.getArray());
            }
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(layer.inverse(point).logDet().sum().div(copies));
        }
        int points = Math.toIntExact(x.getShape().get(0)) / copies;
        double[] direction = Rng.normal(x.getManager(), new Shape(points, DIM), F64, Rng.derive(seed, 1))
                .toDoubleArray();
        double[] input = point.getGradient().toDoubleArray();
        double[] out = new double[points + 1];
        for (int row = 0; row < points * copies; row++) {
            int p = row / copies;
            for (int j = 0; j < DIM; j++) {
                out[p] += input[row * DIM + j] * direction[p * DIM + j];
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            NDArray gradient = parameters.get(i).getGradient();
            out[points] += gradient.mul(Rng.normal(x.getManager(), gradient.getShape(), F64, Rng.derive(seed, 2 + i)))
                    .sum().getDouble();
        }
        return out;
    }

    @Test
    void fixedPointInverseReachesItsTolerance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (double tolerance : new double[] {1e-4, 1e-9}) {
                ResidualBlock layer = block(manager, ResidualBlock.Settings.of(16).withLipschitz(0.97)
                        .withTolerance(tolerance), 5L);
                NDArray z = Rng.normal(manager, new Shape(64, DIM), F64, 8L).mul(2.0);
                FlowResult x = layer.forward(z);
                double[] residual = layer.inverse(x.value()).value().sub(z).abs().toDoubleArray();
                for (double r : residual) {
                    assertTrue(r <= tolerance, "residual " + r + " above the tolerance " + tolerance);
                }
            }
        }
    }

    @Test
    void residualBranchIsAContraction() {
        double lipschitz = 0.8;
        try (NDManager manager = NDManager.newBaseManager()) {
            ResidualBlock layer = block(manager, ResidualBlock.Settings.of(32).withLipschitz(lipschitz), 9L);
            NDArray a = Rng.normal(manager, new Shape(500, DIM), F64, 1L).mul(0.5);
            NDArray b = a.add(Rng.normal(manager, new Shape(500, DIM), F64, 2L).mul(0.1));
            NDArray ga = layer.inverse(a).value().sub(a);
            NDArray gb = layer.inverse(b).value().sub(b);
            double[] outside = ga.sub(gb).square().sum(new int[] {1}).sqrt().toDoubleArray();
            double[] inside = a.sub(b).square().sum(new int[] {1}).sqrt().toDoubleArray();
            double worst = 0;
            for (int i = 0; i < inside.length; i++) {
                worst = Math.max(worst, outside[i] / inside[i]);
            }
            assertTrue(worst <= lipschitz * (1 + 1e-9), "|g(a) - g(b)| / |a - b| reached " + worst);
            assertTrue(worst > 0.1 * lipschitz, "a perturbed block should use much of its Lipschitz budget: " + worst);
        }
    }
}
