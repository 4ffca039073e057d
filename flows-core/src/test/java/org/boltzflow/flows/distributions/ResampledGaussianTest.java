package org.boltzflow.flows.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.targets.Ring;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResampledGaussianTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        Engines.init(2);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Overwrites every acceptance-network parameter with seeded values of scale {@code scale}. */
    static void randomize(ResampledGaussian base, double scale, long seed) {
        int i = 0;
        for (Parameter p : base.parameters()) {
            if (p.requiresGradient()) {
                NDArray a = p.getArray();
                a.set(Rng.normal(manager, a.getShape(), a.getDataType(), Rng.derive(seed, i++)).mul(scale)
                        .toByteBuffer());
            }
        }
    }

    @Test
    void freshBaseIsTheStandardNormal() {
        ResampledGaussian base = new ResampledGaussian(manager, 3, new int[] {8}, 50, 256, DataType.FLOAT64, 1L);
        DiagonalGaussian normal = new DiagonalGaussian(manager, 3, false, DataType.FLOAT64);
        NDArray x = Rng.normal(manager, new Shape(10, 3), DataType.FLOAT64, 2L);
        assertArrayEquals(normal.logProb(x).toDoubleArray(), base.logProb(x).toDoubleArray(), 1e-12);
    }

    @Test
    void calibratedDensityIntegratesToOneAndMatchesItsSamples() {
        ResampledGaussian base = new ResampledGaussian(manager, 2, new int[] {16, 16}, 20, 256, DataType.FLOAT64, 3L);
        randomize(base, 1.5, 4L);
        base.calibrate(manager, 400_000, 5L);
        assertTrue(base.normalizer() > 0.05 && base.normalizer() < 0.95, "acceptance not trivial: " + base.normalizer());
        double[] low = {-8, -8};
        double[] high = {8, 8};
        // Z is a Monte-Carlo estimate from 400k draws: ∫p = 1 up to its relative error (about 2e-3 here).
        DistributionChecks.integratesToOne(base, low, high, 5e-3);
        DistributionChecks.samplesMatchTheDensity(base, low, high, 5000);
        DistributionChecks.seeded(base);
        ResampledGaussian oneD = new ResampledGaussian(manager, 1, new int[] {16}, 5, 256, DataType.FLOAT64, 6L);
        randomize(oneD, 2.0, 7L);
        oneD.calibrate(manager, 400_000, 8L);
        DistributionChecks.kolmogorovSmirnov(oneD, -9, 9, 5000);
    }

    @Test
    void trainingCarvesARingOutOfTheGaussian() {
        Ring ring = new Ring(2.0, 0.3, DataType.FLOAT64);
        ResampledGaussian base = new ResampledGaussian(manager, 2, new int[] {32, 32}, 100, 256, DataType.FLOAT64, 9L);
        DiagonalGaussian normal = new DiagonalGaussian(manager, 2, false, DataType.FLOAT64);
        NDArray test = ring.sample(manager, 5000, 10L).x();
        double gaussianNll = -normal.logProb(test).mean().getDouble();
        base.setTraining(true);
        Trainer.builder(base).learningRate(Tracker.fixed(2e-2f)).build()
                .fit((m, step, seed) -> base.logProb(ring.sample(m, 256, seed).x()).mean().neg(), 0, 80, 11L, r -> {});
        base.setTraining(false);
        base.calibrate(manager, 200_000, 12L);
        double nll = -base.logProb(test).mean().getDouble();
        // Measured: 2.94 nats against 3.97 for the plain Gaussian and the ring's entropy of 2.75.
        assertTrue(nll < gaussianNll - 0.7, "resampled NLL " + nll + " vs Gaussian " + gaussianNll);
        assertTrue(nll > ring.entropy() - 0.05, "cannot beat the ring's entropy " + ring.entropy() + ": " + nll);
    }
}
