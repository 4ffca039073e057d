package org.boltzflow.examples.alanine;

import org.boltzflow.flows.NDMath;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.boltzflow.boltzmann.target.EnergyTarget;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.training.Objective;
import org.boltzflow.flows.training.StepReport;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.flows.training.TrainingCheckpoint;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * Trains a Boltzmann generator in two phases of one loop: forward KL on MD frames ({@code forward-kl}), then
 * ({@code reverse}) reverse KL or, with {@code reverseAlpha} other than 1, the reverse alpha-divergence against the
 * (regularized) energy, plus a weighted forward-KL term that keeps the MD modes. Every step is seeded by
 * (seed, step), so a run resumed from a checkpoint ends with bit-identical parameters. A checkpoint is written every
 * {@code checkpointEvery} steps and when {@code stopRequested} turns true (Ctrl-C), after which training returns.
 * A second-phase batch holding a draw the coordinate layer cannot place (an angle outside (0, π)) gives a NaN loss,
 * which the trainer skips and counts.
 */
public final class GeneratorTraining {
    /** Receives each step's report, the batch's reverse ESS (NaN in the forward phase) and energy evaluations. */
    @FunctionalInterface
    public interface Listener {
        void onStep(StepReport report, String phase, double batchEss, long energyEvaluations);
    }

    private final NormalizingFlow flow;
    private long nextStep = -1; // the step to continue from once resume() ran
    private final double[] mdFrames;
    private final int frameSize;
    private final EnergyTarget target;
    private final AlanineConfig.Training settings;
    private final Trainer trainer;
    private final TrainingHistory history;
    private long energyEvaluations;
    private double lastBatchEss = Double.NaN;

    /** Training of {@code flow} on {@code mdFrames} (frames of {@code frameSize} values, nm) and {@code target}. */
    public GeneratorTraining(NormalizingFlow flow, double[] mdFrames, int frameSize, EnergyTarget target,
            AlanineConfig.Training settings) {
        this.flow = flow;
        this.mdFrames = mdFrames;
        this.frameSize = frameSize;
        this.target = target;
        this.settings = settings;
        this.trainer = Trainer.builder(flow)
                .learningRate(step -> (float) learningRate(step))
                .maxGradNorm(settings.maxGradNorm())
                .build();
        this.history = new TrainingHistory();
    }

    /**
     * The learning rate of {@code step}: cosine decay from the configured rate to 5% of it over the forward-KL
     * phase, then 5% of it for the reverse-KL phase.
     */
    double learningRate(long step) {
        double floor = 0.05;
        double progress = Math.min(1.0, (double) step / Math.max(1, settings.forwardSteps()));
        return settings.learningRate() * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** The total number of steps of both phases. */
    public long totalSteps() {
        return settings.forwardSteps() + settings.reverseSteps();
    }

    /** The losses and ESS recorded so far. */
    public TrainingHistory history() {
        return history;
    }

    /** Energy evaluations made by reverse-KL steps so far (this process only). */
    public long energyEvaluations() {
        return energyEvaluations;
    }

    /**
     * Restores the model, the optimizer and the history from {@code checkpoint} if it exists; returns the step that
     * training continues from (0 without a checkpoint).
     */
    public long resume(Path checkpoint) throws IOException {
        nextStep = 0;
        if (Files.exists(checkpoint)) {
            nextStep = TrainingCheckpoint.restore(checkpoint, trainer).nextStep();
            history.readUpTo(checkpoint.resolveSibling("history.csv"), nextStep);
            energyEvaluations = history.energyEvaluations();
        }
        return nextStep;
    }

    /**
     * Trains to the end or until {@code stopRequested}, from {@code checkpoint} (resumed first unless {@link #resume}
     * was called); writes checkpoints (and the history beside them) to {@code checkpoint}. Returns true if training
     * completed.
     */
    public boolean run(Path checkpoint, long seed, BooleanSupplier stopRequested, Listener listener)
            throws IOException {
        long first = nextStep >= 0 ? nextStep : resume(checkpoint);
        Path historyFile = checkpoint.resolveSibling("history.csv");
        Objective objective = this::loss;
        for (long step = first; step < totalSteps(); step++) {
            StepReport report = trainer.step(objective, step, org.boltzflow.flows.Rng.derive(seed, step));
            String phase = phase(step);
            history.add(report, phase, lastBatchEss, energyEvaluations);
            listener.onStep(report, phase, lastBatchEss, energyEvaluations);
            boolean last = step + 1 == totalSteps();
            boolean stop = stopRequested.getAsBoolean();
            if (last || stop || (step + 1) % settings.checkpointEvery() == 0) {
                JsonObject extra = new JsonObject();
                extra.addProperty("phase", phase);
                TrainingCheckpoint.save(checkpoint, trainer, step + 1, extra);
                history.write(historyFile);
            }
            if (stop && !last) {
                return false;
            }
        }
        return true;
    }

    private String phase(long step) {
        return step < settings.forwardSteps() ? "forward-kl" : "reverse";
    }

    private NDArray loss(NDManager manager, long step, long seed) {
        if (step < settings.forwardSteps()) {
            lastBatchEss = Double.NaN;
            return flow.forwardKld(mdBatch(manager, settings.batch(), seed));
        }
        Sample s;
        try {
            s = flow.sample(manager, settings.reverseBatch(), org.boltzflow.flows.Rng.derive(seed, 1));
        } catch (IllegalArgumentException invalidDraw) {
            lastBatchEss = Double.NaN;
            return manager.create(Double.NaN);
        }
        NDArray logP = target.logProb(s.x());
        energyEvaluations += settings.reverseBatch();
        NDArray logRatio = s.logProb().sub(logP);
        double[] logWeights = logRatio.neg().toDoubleArray();
        lastBatchEss = finiteEss(logWeights);
        NDArray reverse = settings.reverseAlpha() == 1 ? logRatio.mean()
                : NormalizingFlow.alphaDivergence(logP, s.logProb(), settings.reverseAlpha());
        if (settings.reverseForwardWeight() == 0) {
            return reverse;
        }
        NDArray forward = flow.forwardKld(mdBatch(manager, settings.batch(), org.boltzflow.flows.Rng.derive(seed, 2)));
        return reverse.add(NDMath.scale(forward, settings.reverseForwardWeight()));
    }

    private static double finiteEss(double[] logWeights) {
        for (int i = 0; i < logWeights.length; i++) {
            if (Double.isNaN(logWeights[i]) || logWeights[i] == Double.POSITIVE_INFINITY) {
                return Double.NaN;
            }
        }
        return ImportanceWeights.kishFraction(logWeights);
    }

    private NDArray mdBatch(NDManager manager, int size, long seed) {
        int frames = mdFrames.length / frameSize;
        SplittableRandom random = new SplittableRandom(seed);
        double[] batch = new double[size * frameSize];
        for (int i = 0; i < size; i++) {
            System.arraycopy(mdFrames, random.nextInt(frames) * frameSize, batch, i * frameSize, frameSize);
        }
        return manager.create(batch, new Shape(size, frameSize));
    }
}
