package org.boltzflow.flows.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TargetsTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void fortyModeMixtureIsNormalizedWithModesInsideTheBox() {
        GaussianMixtureTarget mixture = GaussianMixtureTarget.fab40Modes();
        assertEquals(40, mixture.means().length);
        for (double[] mean : mixture.means()) {
            assertEquals(0, mean[0], 40);
            assertEquals(0, mean[1], 40);
        }
        assertEquals(0.0, logIntegral(mixture, -46, 46, 0.25), 1e-6);
        assertEquals(7, mixture.nearestMode(mixture.means()[7]));
    }

    @Test
    void manyWellLogZMatchesABruteForceIntegralOfOneDoubleWell() {
        ManyWell two = new ManyWell(2);
        assertEquals(two.logZ(), logIntegral(two, -7, 7, 0.01), 1e-6);
        assertEquals(16 * two.logZ(), new ManyWell(32).logZ(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new ManyWell(3));
    }

    @Test
    void gaussianPairHasItsLogZAndHalfSpaceProbabilities() {
        GaussianPair.Gaussian g = new GaussianPair.Gaussian(new double[] {0.5, -1}, new double[] {0.7, 1.2}, 1.5);
        assertEquals(1.5, logIntegral(g, -9, 9, 0.02), 1e-6);
        assertEquals(0.5, g.probabilityBelow(0, 0.5), 1e-15);
        assertEquals(0.8413447460685429, g.probabilityBelow(1, 0.2), 1e-12);
        GaussianPair pair = new GaussianPair(g, new GaussianPair.Gaussian(new double[2], new double[] {1, 1}, -0.5));
        assertEquals(-2.0, pair.logZRatio(), 1e-15);
    }

    /** log ∫∫ p over a square grid by the midpoint rule, for 2D targets. */
    private static double logIntegral(Target target, double low, double high, double h) {
        int cells = (int) Math.round((high - low) / h);
        double[][] points = new double[cells * cells][2];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                points[i * cells + j][0] = low + (i + 0.5) * h;
                points[i * cells + j][1] = low + (j + 0.5) * h;
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logP = target.logProb(manager.create(points));
            double[] values = logP.toType(DataType.FLOAT64, false).toDoubleArray();
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : values) {
                sum += Math.exp(v - max);
            }
            return Math.log(sum * h * h) + max;
        }
    }
}
