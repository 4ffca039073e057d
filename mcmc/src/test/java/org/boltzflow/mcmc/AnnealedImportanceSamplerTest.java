package org.boltzflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.targets.GaussianMixtureTarget;
import org.boltzflow.flows.targets.ManyWell;
import org.boltzflow.mcmc.estimators.Estimate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnnealedImportanceSamplerTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void logZOfTheFortyModeMixtureFromABroadGaussianAndVarianceFallsWithMoreLevels() {
        GaussianMixtureTarget mixture = GaussianMixtureTarget.fab40Modes();
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian start = TestDistributions.gaussian(manager, new double[2], new double[] {30, 30});
            Estimate[] byLevels = new Estimate[3];
            int[] levels = {2, 8, 32};
            for (int i = 0; i < levels.length; i++) {
                byLevels[i] = new AnnealedImportanceSampler(start, mixture, levels[i], new Hmc(3, 0.5), 1)
                        .run(manager, 2000, 1L).logZ();
            }
            assertTrue(byLevels[2].covers(0.0, 3), "log Z " + byLevels[2]);
            assertTrue(byLevels[0].covers(0.0, 3), "log Z " + byLevels[0]);
            assertTrue(byLevels[1].stdError() < byLevels[0].stdError()
                    && byLevels[2].stdError() < 0.75 * byLevels[0].stdError(), java.util.Arrays.toString(byLevels));
        }
    }

    @Test
    void logZOfManyWellFromABadlyMatchedGaussian() {
        ManyWell manyWell = new ManyWell(32);
        double[] steps = new double[32];
        for (int i = 0; i < 32; i++) {
            steps[i] = i % 2 == 0 ? 0.2 : 0.5;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian start = TestDistributions.gaussian(manager, new double[32], McmcLayerTest.fill(32, 2.0));
            AisResult result = new AnnealedImportanceSampler(start, manyWell, 100, new Hmc(2, steps), 3)
                    .run(manager, 1024, 2L);
            assertTrue(result.logZ().covers(manyWell.logZ(), 3), result.logZ() + " vs " + manyWell.logZ());
            assertTrue(result.logZ().stdError() < 0.8, "uninformative: " + result.logZ());
            assertTrue(result.meanAcceptance() > 0.5, "acceptance " + result.meanAcceptance());
        }
    }

    @Test
    void nonFiniteTargetValuesAreReportedNotPropagated() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian start = TestDistributions.gaussian(manager, new double[2], new double[] {1, 1});
            org.boltzflow.flows.Target broken = new org.boltzflow.flows.Target() {
                @Override
                public int dim() {
                    return 2;
                }

                @Override
                public ai.djl.ndarray.NDArray logProb(ai.djl.ndarray.NDArray x) {
                    return x.sum(new int[] {1}).log();
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new AnnealedImportanceSampler(start, broken, 1, new RandomWalkMetropolis(0.1), 1)
                            .run(manager, 64, 3L));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }
}
