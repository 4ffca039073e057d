package org.boltzflow.mcmc.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParetoTailTest {
    /** Log weights of {@code n} draws whose weights have an exact Pareto tail of shape {@code k}: w = U^-k. */
    private static double[] paretoLogWeights(double k, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] logWeights = new double[n];
        for (int i = 0; i < n; i++) {
            logWeights[i] = -k * Math.log(1 - random.nextDouble());
        }
        return logWeights;
    }

    /**
     * 20,000 draws put 424 weights in the fitted tail, where k̂ scatters by about (1 + k)/sqrt(424) = 0.06-0.09
     * (seeds 1-5 here: at most 0.10 from k, their mean at most 0.032).
     */
    @Test
    void recoversTheShapeOfParetoTailedWeights() {
        for (double k : new double[] {0.2, 0.5, 0.9}) {
            double sum = 0;
            for (long seed = 1; seed <= 5; seed++) {
                double estimate = ParetoTail.shape(paretoLogWeights(k, 20_000, seed));
                assertEquals(k, estimate, 0.2, "k " + k + ", seed " + seed);
                sum += estimate;
            }
            assertEquals(k, sum / 5, 0.07, "k " + k + ", mean of five seeds");
        }
    }

    @Test
    void aConstantAddedToTheLogWeightsChangesNothing() {
        double[] logWeights = paretoLogWeights(0.7, 5_000, 9);
        double[] shifted = logWeights.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 250;
        }
        assertEquals(ParetoTail.shape(logWeights), ParetoTail.shape(shifted), 1e-9);
    }

    @Test
    void equalWeightsOrTooFewDrawsGiveNoShape() {
        assertTrue(Double.isNaN(ParetoTail.shape(new double[1000])));
        assertTrue(Double.isNaN(ParetoTail.shape(paretoLogWeights(0.5, 20, 1))));
        double[] oneInfinite = paretoLogWeights(0.5, 2_000, 3);
        oneInfinite[7] = Double.NaN;
        assertTrue(Double.isFinite(ParetoTail.shape(oneInfinite)));
    }

    /** Log-normal weights: a light tail for a small spread, a heavy one (k̂ near 0.5-0.7) for a spread of 2. */
    @Test
    void gaussianLogWeightsGetHeavierTailsWithTheirSpread() {
        double[] mean = new double[3];
        double[] sigmas = {0.3, 1.0, 2.0};
        for (int s = 0; s < sigmas.length; s++) {
            for (long seed = 1; seed <= 5; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                double[] logWeights = new double[20_000];
                for (int i = 0; i < logWeights.length; i++) {
                    double u1 = 1 - random.nextDouble();
                    double u2 = random.nextDouble();
                    logWeights[i] = sigmas[s] * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                }
                mean[s] += ParetoTail.shape(logWeights) / 5;
            }
        }
        assertTrue(mean[0] < 0.15, "sigma 0.3: " + mean[0]);
        assertTrue(mean[0] < mean[1] && mean[1] < mean[2], java.util.Arrays.toString(mean));
        assertTrue(mean[2] > 0.45, "sigma 2: " + mean[2]);
    }
}
