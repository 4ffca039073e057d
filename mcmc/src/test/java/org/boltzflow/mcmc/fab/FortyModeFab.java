package org.boltzflow.mcmc.fab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.layers.SplineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.targets.GaussianMixtureTarget;
import org.boltzflow.flows.training.Objective;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.mcmc.RandomWalkMetropolis;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The FAB paper's 40-mode experiment at a size a laptop runs in minutes: a coupling flow (rational-quadratic
 * splines or RealNVP affine couplings, float64, a fixed broad Gaussian base) trained on {@link GaussianMixtureTarget#fab40Modes()} by FAB with a replay buffer, or by reverse
 * KL for comparison, then judged by the reweighted mass of every mode and the reverse ESS of fresh flow samples.
 * Used by {@link FabObjectiveTest}.
 */
public final class FortyModeFab {
    private static final int EVALUATION_SAMPLES = 10_000;
    private static final double SPLINE_BOUND = 60.0;
    private static final int SPLINE_BINS = 16;

    private FortyModeFab() {}

    /** The coupling family of the flow. */
    public enum Couplings {
        /** RealNVP affine couplings. */
        AFFINE,
        /** Rational-quadratic spline couplings (16 bins on [-60, 60], identity tails). */
        SPLINE
    }

    /** Flow kind and size, training length (cosine learning-rate decay to 1/20) and FAB's AIS and buffer settings. */
    public record Settings(Couplings kind, int couplings, int hidden, double baseScale, int steps, int batchSize,
            double learningRate, int bufferCapacity, int updatesPerAis, int intermediate, int transitions,
            double stepSize, long seed) {
        /** The unit test's run: 4 spline couplings of width 32, 300 steps of batch 256. */
        public static Settings small() {
            return new Settings(Couplings.SPLINE, 4, 32, 20.0, 300, 256, 2e-3, 25_600, 4, 1, 4, 1.5, 1L);
        }

        /** The benchmark's run: 4 spline couplings of width 64, 1,600 steps of batch 256. */
        public static Settings full() {
            return new Settings(Couplings.SPLINE, 4, 64, 20.0, 1600, 256, 1e-3, 25_600, 4, 1, 4, 1.5, 1L);
        }

        /** These settings with another flow kind and number of steps. */
        public Settings with(Couplings otherKind, int otherSteps) {
            return new Settings(otherKind, couplings, hidden, baseScale, otherSteps, batchSize, learningRate,
                    bufferCapacity, updatesPerAis, intermediate, transitions, stepSize, seed);
        }
    }

    /**
     * How a trained flow does: modes whose reweighted mass is within [0.5, 1.5] × 1/40, the extreme masses, the
     * smallest fraction of raw (unweighted) flow samples nearest any one mode, the reverse ESS fraction (bootstrap
     * error), the target evaluations training took, and the training time.
     */
    public record Result(String objective, int modesCovered, double minModeMass, double maxModeMass,
            double minSampleFraction, Estimate reverseEss, long targetEvaluations, double trainingSeconds) {
        @Override
        public String toString() {
            return String.format("%s: %d/40 modes in [0.5,1.5]/40 (mass %.4f..%.4f, least-visited mode %.4f of "
                    + "samples), reverse ESS %s, %,d target evaluations, %.1f s", objective, modesCovered,
                    minModeMass, maxModeMass, minSampleFraction, reverseEss, targetEvaluations, trainingSeconds);
        }
    }

    /** {@code couplings} couplings of alternating parity on a fixed {@code N(0, baseScale²)} base. */
    public static NormalizingFlow flow(NDManager manager, Settings s) {
        DiagonalGaussian base = new DiagonalGaussian(manager, 2, false, DataType.FLOAT64);
        NDMath.assign(base.parameters().get(1).getArray(), new double[] {Math.log(s.baseScale), Math.log(s.baseScale)});
        List<FlowLayer> layers = new ArrayList<>();
        int[] hidden = {s.hidden, s.hidden};
        List<Domain> domains = List.of(Domain.unbounded(SPLINE_BOUND), Domain.unbounded(SPLINE_BOUND));
        for (int i = 0; i < s.couplings; i++) {
            long seed = Rng.derive(s.seed, i);
            layers.add(s.kind == Couplings.AFFINE
                    ? new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), hidden, Activation.SILU,
                            AffineCoupling.DEFAULT_SCALE_BOUND, DataType.FLOAT64, seed)
                    : new SplineCoupling(manager, domains, new boolean[] {i % 2 == 0, i % 2 == 1},
                            SplineSettings.of(SPLINE_BINS), hidden, Activation.SILU, DataType.FLOAT64, seed));
        }
        return new NormalizingFlow(base, layers);
    }

    /** Trains a fresh flow with FAB and a prioritized replay buffer, and evaluates it. */
    public static Result trainFab(Settings s) {
        GaussianMixtureTarget target = GaussianMixtureTarget.fab40Modes();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = flow(manager, s);
            FabObjective fab = FabObjective.withBuffer(flow, target, s.batchSize, s.intermediate,
                    new RandomWalkMetropolis(s.stepSize), s.transitions, new ReplayBuffer(s.bufferCapacity, 2),
                    s.updatesPerAis, 10.0);
            double seconds = train(flow, fab, s);
            return evaluate("FAB + buffer", flow, target, fab.targetEvaluations(), seconds, s.seed);
        }
    }

    /** Trains the same flow by reverse KL (same steps and batch size) and evaluates it. */
    public static Result trainReverseKl(Settings s) {
        GaussianMixtureTarget target = GaussianMixtureTarget.fab40Modes();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = flow(manager, s);
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

    private static String kindOf(NormalizingFlow flow) {
        return flow.layers().get(0) instanceof SplineCoupling ? "spline" : "affine";
    }

    /** Mode masses and reverse ESS of {@value #EVALUATION_SAMPLES} fresh samples of {@code flow}. */
    public static Result evaluate(String objective, NormalizingFlow flow, GaussianMixtureTarget target,
            long targetEvaluations, double seconds, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Sample sample = flow.sample(manager, EVALUATION_SAMPLES, Rng.derive(seed, 99));
            NDArray logP = target.logProb(sample.x());
            double[] logW = logP.sub(sample.logProb()).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] x = sample.x().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] w = ImportanceWeights.normalized(logW);
            double[] mass = new double[target.means().length];
            int[] visits = new int[mass.length];
            for (int i = 0; i < w.length; i++) {
                int mode = target.nearestMode(new double[] {x[2 * i], x[2 * i + 1]});
                mass[mode] += w[i];
                visits[mode]++;
            }
            int covered = 0;
            double min = 1;
            double max = 0;
            for (double m : mass) {
                covered += m >= 0.5 / mass.length && m <= 1.5 / mass.length ? 1 : 0;
                min = Math.min(min, m);
                max = Math.max(max, m);
            }
            double leastVisited = (double) java.util.Arrays.stream(visits).min().orElse(0) / w.length;
            return new Result(objective + " (" + flow.layers().size() + " " + kindOf(flow) + " couplings)", covered,
                    min, max, leastVisited, ImportanceWeights.reverseEss(logW, seed), targetEvaluations, seconds);
        }
    }
}
