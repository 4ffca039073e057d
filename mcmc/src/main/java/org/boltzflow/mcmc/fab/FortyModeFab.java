package org.boltzflow.mcmc.fab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.GaussianMixture;
import org.boltzflow.flows.training.Objective;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.mcmc.RandomWalkMetropolis;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The FAB paper's 40-mode experiment at a size a laptop runs in about a minute: a RealNVP flow (float64, a fixed
 * broad Gaussian base) trained on {@link GaussianMixture#fab40Modes()} by FAB with a replay buffer, or by reverse
 * KL for comparison, then judged by the reweighted mass of every mode and the reverse ESS of fresh flow samples.
 * Shared by the mcmc tests and {@code boltzflow bench mcmc}.
 */
public final class FortyModeFab {
    private static final int EVALUATION_SAMPLES = 10_000;

    private FortyModeFab() {}

    /** Flow size, training length and FAB's AIS and buffer settings. */
    public record Settings(int couplings, int hidden, double baseScale, int steps, int batchSize,
            double learningRate, int bufferCapacity, int updatesPerAis, int intermediate, int transitions,
            double stepSize, long seed) {
        /** The settings the unit test uses: 6 couplings of width 32, 300 steps of batch 128. */
        public static Settings small() {
            return new Settings(6, 32, 20.0, 300, 128, 2e-3, 12_800, 4, 1, 4, 1.5, 1L);
        }

        /** A longer run for the benchmark. */
        public static Settings full() {
            return new Settings(10, 128, 20.0, 6000, 512, 5e-4, 51_200, 4, 1, 4, 1.5, 1L);
        }
    }

    /**
     * How a trained flow does: modes whose reweighted mass is within [0.5, 1.5] × 1/40, the extreme masses, the
     * reverse ESS fraction (bootstrap error), the target evaluations training took, and the training time.
     */
    public record Result(String objective, int modesCovered, double minModeMass, double maxModeMass,
            Estimate reverseEss, long targetEvaluations, double trainingSeconds) {
        @Override
        public String toString() {
            return String.format("%s: %d/40 modes in [0.5,1.5]/40 (mass %.4f..%.4f), reverse ESS %s, "
                    + "%,d target evaluations, %.1f s", objective, modesCovered, minModeMass, maxModeMass,
                    reverseEss, targetEvaluations, trainingSeconds);
        }
    }

    /** A RealNVP flow: {@code couplings} affine couplings of alternating parity on a fixed {@code N(0, scale²)} base. */
    public static NormalizingFlow realNvp(NDManager manager, Settings s) {
        DiagonalGaussian base = new DiagonalGaussian(manager, 2, false, DataType.FLOAT64);
        base.parameters().get(1).getArray().set(new double[] {Math.log(s.baseScale), Math.log(s.baseScale)});
        List<FlowLayer> layers = new ArrayList<>();
        for (int i = 0; i < s.couplings; i++) {
            layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2),
                    new int[] {s.hidden, s.hidden}, Activation.SILU, AffineCoupling.DEFAULT_SCALE_BOUND,
                    DataType.FLOAT64, Rng.derive(s.seed, i)));
        }
        return new NormalizingFlow(base, layers);
    }

    /** Trains a fresh flow with FAB and a prioritized replay buffer, and evaluates it. */
    public static Result trainFab(Settings s) {
        GaussianMixture target = GaussianMixture.fab40Modes();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = realNvp(manager, s);
            FabObjective fab = FabObjective.withBuffer(flow, target, s.batchSize, s.intermediate,
                    new RandomWalkMetropolis(s.stepSize), s.transitions, new ReplayBuffer(s.bufferCapacity, 2),
                    s.updatesPerAis, 10.0);
            double seconds = train(flow, fab, s);
            return evaluate("FAB + buffer", flow, target, fab.targetEvaluations(), seconds, s.seed);
        }
    }

    /** Trains the same flow by reverse KL (same steps and batch size) and evaluates it. */
    public static Result trainReverseKl(Settings s) {
        GaussianMixture target = GaussianMixture.fab40Modes();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = realNvp(manager, s);
            double seconds = train(flow, (m, step, seed) -> flow.reverseKld(m, s.batchSize, target, 1.0, seed), s);
            return evaluate("reverse KL", flow, target, (long) s.steps * s.batchSize, seconds, s.seed);
        }
    }

    private static double train(NormalizingFlow flow, Objective objective, Settings s) {
        Tracker cosine = Tracker.cosine().setBaseValue((float) s.learningRate)
                .optFinalValue((float) s.learningRate / 20).setMaxUpdates(s.steps).build();
        Trainer trainer = Trainer.builder(flow).learningRate(cosine).maxGradNorm(100.0).build();
        long start = System.nanoTime();
        trainer.fit(objective, 0, s.steps, s.seed, r -> { });
        return (System.nanoTime() - start) / 1e9;
    }

    /** Mode masses and reverse ESS of {@value #EVALUATION_SAMPLES} fresh samples of {@code flow}. */
    public static Result evaluate(String objective, NormalizingFlow flow, GaussianMixture target,
            long targetEvaluations, double seconds, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Sample sample = flow.sample(manager, EVALUATION_SAMPLES, Rng.derive(seed, 99));
            NDArray logP = target.logProb(sample.x());
            double[] logW = logP.sub(sample.logProb()).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] x = sample.x().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] w = ImportanceWeights.normalized(logW);
            double[] mass = new double[target.means().length];
            for (int i = 0; i < w.length; i++) {
                mass[target.nearestMode(new double[] {x[2 * i], x[2 * i + 1]})] += w[i];
            }
            int covered = 0;
            double min = 1;
            double max = 0;
            for (double m : mass) {
                covered += m >= 0.5 / mass.length && m <= 1.5 / mass.length ? 1 : 0;
                min = Math.min(min, m);
                max = Math.max(max, m);
            }
            return new Result(objective, covered, min, max, ImportanceWeights.reverseEss(logW, seed),
                    targetEvaluations, seconds);
        }
    }
}
