package org.boltzflow.flows.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaseDistributionsTest {
    private static final double PI = Math.PI;
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

    @Test
    void uniformBox() {
        UniformBox box = new UniformBox(manager, new double[] {-1, 0}, new double[] {2, 0.5}, DataType.FLOAT64);
        DistributionChecks.integratesToOne(box, new double[] {-1, 0}, new double[] {2, 0.5}, 1e-12);
        DistributionChecks.samplesMatchTheDensity(box, new double[] {-1, 0}, new double[] {2, 0.5}, 2000);
        DistributionChecks.kolmogorovSmirnov(new UniformBox(manager, new double[] {-1}, new double[] {2},
                DataType.FLOAT64), -1, 2, 5000);
        DistributionChecks.seeded(box);
        double[] outside = box.logProb(manager.create(new double[][] {{2.0, 0.1}, {0, -0.01}, {0, 0.2}})).toDoubleArray();
        assertEquals(Double.NEGATIVE_INFINITY, outside[0]);
        assertEquals(Double.NEGATIVE_INFINITY, outside[1]);
        assertEquals(-Math.log(1.5), outside[2], 1e-15);
        assertThrows(IllegalArgumentException.class,
                () -> new UniformBox(manager, new double[] {1}, new double[] {1}, DataType.FLOAT64));
    }

    @Test
    void vonMises() {
        VonMises vm = new VonMises(manager, new double[] {0.5, -3.0}, new double[] {0.3, 25.0}, false, DataType.FLOAT64);
        double[] low = {-PI, -PI};
        double[] high = {PI, PI};
        DistributionChecks.integratesToOne(vm, low, high, 1e-12);
        DistributionChecks.samplesMatchTheDensity(vm, low, high, 5000);
        for (double kappa : new double[] {0.0, 1e-6, 0.7, 4.0, 60.0}) {
            VonMises one = new VonMises(manager, new double[] {2.8}, new double[] {kappa}, false, DataType.FLOAT64);
            DistributionChecks.integratesToOne(one, new double[] {-PI}, new double[] {PI}, 1e-10);
            DistributionChecks.kolmogorovSmirnov(one, -PI, PI, 5000);
        }
        DistributionChecks.seeded(vm);
        double[] x = vm.sample(manager, 2000, 3L).x().toDoubleArray();
        assertTrue(java.util.Arrays.stream(x).allMatch(v -> v >= -PI && v < PI), "samples wrapped to [-π, π)");
    }

    @Test
    void gaussianMixture() {
        GaussianMixture gm = new GaussianMixture(manager, new double[][] {{-2, 0}, {1, 1}, {2, -2}},
                new double[][] {{0.5, 1}, {0.3, 0.3}, {1, 0.7}}, false, DataType.FLOAT64);
        double[] low = {-10, -10};
        double[] high = {10, 10};
        DistributionChecks.integratesToOne(gm, low, high, 1e-10);
        DistributionChecks.samplesMatchTheDensity(gm, low, high, 5000);
        DistributionChecks.seeded(gm);
        double[] x = gm.sample(manager, 20000, 8L).x().toDoubleArray();
        double meanX0 = 0;
        for (int i = 0; i < x.length; i += 2) {
            meanX0 += x[i] / 20000;
        }
        // E[x0] = (-2 + 1 + 2) / 3; sd of x0 is about 1.8.
        assertEquals(1.0 / 3.0, meanX0, 4 * 1.8 / Math.sqrt(20000));
        GaussianMixture oneD = new GaussianMixture(manager, new double[][] {{-1}, {2}}, new double[][] {{0.4}, {0.8}},
                false, DataType.FLOAT64);
        DistributionChecks.kolmogorovSmirnov(oneD, -8, 8, 5000);
    }

    @Test
    void gaussianMixtureLearnsItsWeightsByForwardKl() {
        GaussianMixture data = new GaussianMixture(manager, new double[][] {{-2}, {2}}, new double[][] {{0.5}, {0.5}},
                false, DataType.FLOAT64);
        data.parameters().get(0).getArray().set(new double[] {Math.log(0.8), Math.log(0.2)});
        GaussianMixture model = new GaussianMixture(manager, new double[][] {{-1}, {1}}, new double[][] {{1}, {1}},
                true, DataType.FLOAT64);
        Trainer trainer = Trainer.builder(model).learningRate(Tracker.fixed(1e-1f)).build();
        trainer.fit((m, step, seed) -> model.logProb(data.sample(m, 256, seed).x()).mean().neg(), 0, 150, 1L, r -> {});
        double[] w = model.weights();
        assertEquals(0.8, w[0], 0.05);
        double[] means = model.parameters().get(1).getArray().toDoubleArray();
        assertEquals(-2.0, means[0], 0.1);
        assertEquals(2.0, means[1], 0.1);
    }

    @Test
    void productMixesCircularBoundedAndUnboundedCoordinates() {
        ProductDistribution product = ProductDistribution.forDomains(manager,
                List.of(Domain.unbounded(5), Domain.circular(), Domain.bounded(0, 2)), DataType.FLOAT64);
        assertEquals(3, product.dim());
        NDArray x = product.sample(manager, 1000, 4L).x();
        double[] rows = x.toDoubleArray();
        for (int i = 0; i < 1000; i++) {
            assertTrue(rows[3 * i + 1] >= -PI && rows[3 * i + 1] < PI);
            assertTrue(rows[3 * i + 2] >= 0 && rows[3 * i + 2] < 2);
        }
        double expected = -0.5 * Math.log(2 * PI) - 0.5 * 0.25 - Math.log(2 * PI) - Math.log(2);
        assertEquals(expected, product.logProb(manager.create(new double[][] {{0.5, 1.0, 1.5}})).getDouble(), 1e-14);
        ProductDistribution mixed = new ProductDistribution(List.of(new DiagonalGaussian(manager, 1, false,
                DataType.FLOAT64), new VonMises(manager, 1, 2.0, false, DataType.FLOAT64)));
        DistributionChecks.integratesToOne(mixed, new double[] {-10, -PI}, new double[] {10, PI}, 1e-10);
        DistributionChecks.samplesMatchTheDensity(mixed, new double[] {-10, -PI}, new double[] {10, PI}, 5000);
        DistributionChecks.seeded(mixed);
        assertEquals(new Shape(7), mixed.logProb(manager.zeros(new Shape(7, 2), DataType.FLOAT64)).getShape());
        assertArrayEquals(new double[] {-0.5 * Math.log(2 * PI) + 2.0 - Math.log(2 * PI) - Bessel.logI0(2.0)},
                mixed.logProb(manager.zeros(new Shape(1, 2), DataType.FLOAT64)).toDoubleArray(), 1e-14);
    }
}
