package org.boltzflow.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.AnalyticTarget;
import org.boltzflow.flows.targets.EightGaussians;
import org.boltzflow.flows.targets.ToyTargets;
import org.boltzflow.flows.training.Objective;
import org.boltzflow.flows.training.StepReport;
import org.boltzflow.flows.training.Trainer;

/**
 * The 2D toy demo: a RealNVP trained on an analytic target, by forward KL on exact samples or by reverse KL on
 * the target's log-density, then evaluated exactly: test NLL against the target's entropy (their difference is
 * KL(p‖q)), a sampled estimate of KL(q‖p), and for eight Gaussians the mass the flow puts on each mode.
 */
public final class ToyDemo {
    private static final int EVALUATION_SAMPLES = 20000;
    private static final int EVALUATION_CHUNK = 5000;

    /** How the flow is trained: forward KL on exact target samples, or reverse KL on the target's density. */
    public enum Loss {
        FORWARD_KL,
        REVERSE_KL
    }

    /** The settings of one run. */
    public record Settings(String target, Loss loss, int steps, int batch, int blocks, int hidden,
            double learningRate, long seed) {
        /** The defaults of {@code boltzflow toy}. */
        public static Settings defaults() {
            return new Settings("two-moons", Loss.FORWARD_KL, 2000, 256, 8, 64, 2e-3, 0L);
        }
    }

    /** What a run produced: the trained flow, its target, the loss of every step and the evaluation. */
    public record Result(NormalizingFlow flow, AnalyticTarget target, double[] losses, Evaluation evaluation) {}

    /**
     * Exact evaluation: mean NLL of target samples under the flow, the target's entropy (the best possible NLL),
     * the sampled reverse KL, and per-mode mass (eight Gaussians only, else empty).
     */
    public record Evaluation(double testNll, double targetEntropy, double reverseKl, double[] modeMass) {
        /** KL(p‖q) = test NLL - entropy. */
        public double forwardKl() {
            return testNll - targetEntropy;
        }
    }

    private ToyDemo() {}

    /** Trains and evaluates, calling {@code onStep} after every step; arrays live in {@code manager}. */
    public static Result run(Settings settings, NDManager manager, Consumer<StepReport> onStep) {
        AnalyticTarget target = ToyTargets.byName(settings.target(), DataType.FLOAT64);
        NormalizingFlow flow = FlowModels.realNvp(manager, 2, settings.blocks(),
                new int[] {settings.hidden(), settings.hidden()}, Activation.TANH, DataType.FLOAT64,
                Rng.derive(settings.seed(), 0));
        Trainer trainer = Trainer.builder(flow)
                .learningRate(Tracker.cosine().setBaseValue((float) settings.learningRate())
                        .optFinalValue((float) settings.learningRate() / 20).setMaxUpdates(settings.steps()).build())
                .maxGradNorm(100.0).build();
        Objective objective = settings.loss() == Loss.FORWARD_KL
                ? (m, step, seed) -> flow.forwardKld(target.sample(m, settings.batch(), seed).x())
                : (m, step, seed) -> flow.reverseKld(m, settings.batch(), target, 1.0, seed);
        List<Double> losses = new ArrayList<>();
        trainer.fit(objective, 0, settings.steps(), Rng.derive(settings.seed(), 1), report -> {
            losses.add(report.loss());
            onStep.accept(report);
        });
        Evaluation evaluation = evaluate(flow, target, manager, Rng.derive(settings.seed(), 2));
        return new Result(flow, target, losses.stream().mapToDouble(Double::doubleValue).toArray(), evaluation);
    }

    /** Evaluates {@code flow} against {@code target} with {@value #EVALUATION_SAMPLES} samples of each. */
    public static Evaluation evaluate(NormalizingFlow flow, AnalyticTarget target, NDManager manager, long seed) {
        double nll = 0;
        double reverse = 0;
        int[] modeCounts = new int[EightGaussians.MODES];
        for (int chunk = 0; chunk * EVALUATION_CHUNK < EVALUATION_SAMPLES; chunk++) {
            try (NDScope scope = new NDScope(); NDManager scratch = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                NDArray data = target.sample(scratch, EVALUATION_CHUNK, Rng.derive(seed, 2L * chunk)).x();
                nll -= flow.logProb(data).sum().getDouble();
                var fromFlow = flow.sample(scratch, EVALUATION_CHUNK, Rng.derive(seed, 2L * chunk + 1));
                reverse += fromFlow.logProb().sub(target.logProb(fromFlow.x())).sum().getDouble();
                if (target instanceof EightGaussians gaussians) {
                    for (int mode : gaussians.nearestMode(fromFlow.x().toDoubleArray())) {
                        modeCounts[mode]++;
                    }
                }
            }
        }
        double[] modeMass = new double[target instanceof EightGaussians ? EightGaussians.MODES : 0];
        for (int k = 0; k < modeMass.length; k++) {
            modeMass[k] = (double) modeCounts[k] / EVALUATION_SAMPLES;
        }
        return new Evaluation(nll / EVALUATION_SAMPLES, target.entropy(), reverse / EVALUATION_SAMPLES, modeMass);
    }

    /**
     * The flow's and the target's densities on a {@code points}×{@code points} grid over the target's box, as
     * {@code [flow, target][row][column]} with row 0 at the lowest second coordinate.
     */
    public static double[][][] densityGrids(NormalizingFlow flow, AnalyticTarget target, NDManager manager,
            int points) {
        double[][] box = target.box();
        double[] xy = new double[2 * points * points];
        for (int r = 0; r < points; r++) {
            for (int c = 0; c < points; c++) {
                int i = r * points + c;
                xy[2 * i] = box[0][0] + (c + 0.5) * (box[1][0] - box[0][0]) / points;
                xy[2 * i + 1] = box[0][1] + (r + 0.5) * (box[1][1] - box[0][1]) / points;
            }
        }
        double[][][] grids = new double[2][points][points];
        try (NDScope scope = new NDScope(); NDManager scratch = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray x = scratch.create(xy, new Shape((long) points * points, 2));
            double[] model = flow.logProb(x).exp().toDoubleArray();
            double[] exact = target.logProb(x).exp().toDoubleArray();
            for (int r = 0; r < points; r++) {
                System.arraycopy(model, r * points, grids[0][r], 0, points);
                System.arraycopy(exact, r * points, grids[1][r], 0, points);
            }
        }
        return grids;
    }
}
