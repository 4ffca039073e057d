package org.boltzflow.mcmc.fab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.targets.GaussianPair;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.mcmc.Hmc;
import org.boltzflow.mcmc.RandomWalkMetropolis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class FabObjectiveTest {
    private static final GaussianPair.Gaussian TARGET =
            new GaussianPair.Gaussian(new double[] {2.0, -1.0}, new double[] {0.5, 1.5}, 4.0);

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void fabWithoutBufferFitsAGaussianFlowToAGaussianTarget() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian q = new DiagonalGaussian(manager, 2, true, DataType.FLOAT64);
            NormalizingFlow flow = new NormalizingFlow(q, List.of());
            FabObjective fab = FabObjective.withoutBuffer(flow, TARGET, 256, 2, new Hmc(2, 0.3), 1);
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.fixed(0.05f)).build();
            int before = manager.getManagedArrays().size();
            trainer.fit(fab, 0, 100, 3L, r -> { });
            assertEquals(before, manager.getManagedArrays().size(), "FAB must not leave NDArrays in the model's manager");
            assertFitted(q);
            assertEquals(100L * 256 * (1 + 2 * 2), fab.targetEvaluations());
        }
    }

    @Test
    void fabWithReplayBufferFitsAGaussianFlowToAGaussianTarget() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian q = new DiagonalGaussian(manager, 2, true, DataType.FLOAT64);
            NormalizingFlow flow = new NormalizingFlow(q, List.of());
            FabObjective fab = FabObjective.withBuffer(flow, TARGET, 256, 1, new RandomWalkMetropolis(0.5), 2,
                    new ReplayBuffer(2560, 2), 4, 10.0);
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.fixed(0.05f)).build();
            int before = manager.getManagedArrays().size();
            trainer.fit(fab, 0, 200, 4L, r -> { });
            assertEquals(before, manager.getManagedArrays().size());
            assertFitted(q);
            assertEquals(50L * 256 * (1 + 2), fab.targetEvaluations(), "AIS runs every 4th step");
        }
    }

    private static void assertFitted(DiagonalGaussian q) {
        double[] loc = q.parameters().get(0).getArray().toDoubleArray();
        double[] scale = q.parameters().get(1).getArray().exp().toDoubleArray();
        assertEquals(2.0, loc[0], 0.1);
        assertEquals(-1.0, loc[1], 0.2);
        assertEquals(0.5, scale[0], 0.08);
        assertEquals(1.5, scale[1], 0.2);
    }

    /** The full run of the issue; a few minutes, so tagged "slow" (see mcmc/pom.xml) and repeated by the benchmark. */
    @Test
    @Tag("slow")
    void fullFabRunCoversEveryModeWithReverseEssAboveOneHalf() {
        FortyModeFab.Result fab = FortyModeFab.trainFab(FortyModeFab.Settings.full());
        System.out.println(fab);
        assertEquals(40, fab.modesCovered(), fab.toString());
        assertTrue(fab.reverseEss().value() >= 0.5, fab.toString());
    }

    @Test
    void smallFabRunCoversTheFortyModesWhereReverseKlCollapses() {
        FortyModeFab.Settings s = FortyModeFab.Settings.small();
        FortyModeFab.Result fab = FortyModeFab.trainFab(s);
        // reverse KL collapses onto a few modes within its first 150 steps; more would only cost time
        FortyModeFab.Result reverseKl = FortyModeFab.trainReverseKl(s.with(s.kind(), 150));
        System.out.println(fab + "\n" + reverseKl);
        // Bounds from a sweep over seeds 1-6 with PyTorch's default, AVX2 and AVX-512 kernels (18 runs; the
        // kernels change the last bits and so the run): FAB covered 40/40 modes in every run, its least-visited mode
        // held 0.0051-0.016 of the raw samples and its ESS was 0.28-0.42; reverse KL covered 0-11 modes and left at
        // least one mode without a single sample in every run. The bounds keep a factor of about five from the
        // extremes, so the contrast, not one machine's last bits, decides the test.
        assertTrue(fab.modesCovered() >= 36, fab.toString());
        assertTrue(fab.minSampleFraction() > 0.001, fab.toString());
        assertTrue(fab.reverseEss().value() > 0.1, fab.toString());
        assertTrue(reverseKl.modesCovered() < 20 && reverseKl.minSampleFraction() < 0.0005, reverseKl.toString());
    }
}
