package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleFunction;
import org.boltzflow.boltzmann.cv.CvBoost;
import org.boltzflow.boltzmann.energy.EnergyTarget;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.training.HalvedObjective;
import org.boltzflow.flows.training.Objective;
import org.boltzflow.flows.training.StepReport;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.flows.training.TrainingCheckpoint;
import org.boltzflow.mcmc.LatentTarget;
import org.boltzflow.mcmc.RandomWalkMetropolis;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.fab.FabObjective;
import org.boltzflow.mcmc.fab.ReplayBuffer;

/**
 * Trains a Boltzmann generator through the phases of a {@link TrainingPlan} in one loop of steps: forward KL on
 * reference frames, forward KL on the flow's own importance-weighted draws, reverse KL or alpha-divergence against the
 * (regularized) energy with an optional forward-KL term, and FAB with a replay buffer from the energy alone. Every
 * step is seeded by (seed, step), so a run resumed from a checkpoint ends with bit-identical parameters (a FAB phase
 * restarts its replay buffer on resume). A checkpoint is written every {@code checkpointEvery} steps and when {@code
 * stopRequested} turns true (Ctrl-C), after which training returns. A batch holding a draw the coordinate layer cannot
 * place (an angle outside (0, π)) gives a NaN loss, which the trainer skips and counts.
 */
public final class GeneratorTraining {
    /** Receives each step's report, its phase label, the batch's reverse ESS (NaN if none) and energy evaluations. */
    @FunctionalInterface
    public interface Listener {
        void onStep(StepReport report, String phase, double batchEss, long energyEvaluations) throws IOException;
    }

    private final NormalizingFlow flow;
    private long nextStep = -1; // the step to continue from once resume() ran
    private final Trajectory frames;
    private final double[] frameTemperatures; // null: unconditional
    private final int frameSize;
    private final TemperatureContext temperatures; // null: unconditional
    private final DoubleFunction<EnergyTarget> targetAt;
    private final EnergyTarget target; // the unconditional target (null if conditional)
    private final TrainingPlan plan;
    private final Trainer trainer;
    private final TrainingHistory history;
    private final FabObjective[] fab;
    private CvBoost boost; // null: frames drawn uniformly, draws weighed against the Boltzmann density
    private double[] cumulativeBoost; // cumulative frame weights under the boost (null: uniform)
    private final long[] fabEvaluationsBefore;
    private long energyEvaluations;
    // the draws of the current reverse step, per half of its batch (written by each half's thread, read after both)
    private final int[] halfEvaluations = new int[2];
    private final double[][] halfLogWeights = new double[2][];

    /**
     * Training of {@code flow} (whose last layer is its coordinate layer) on reference {@code frames} (nm; may be
     * empty if no phase reads them) and {@code target}, following {@code plan}.
     * With {@code threads} >= 2 the two halves of each forward-KL and reverse-KL batch are computed side by side,
     * with the same result as on one thread.
     */
    public GeneratorTraining(NormalizingFlow flow, Trajectory frames, EnergyTarget target, TrainingPlan plan,
            int threads) {
        this(flow, frames, null, null, null, target, plan, threads);
    }

    /**
     * Training of a temperature-conditioned {@code flow} on reference {@code frames} whose temperatures (K) are
     * {@code frameTemperatures} (one per frame), over {@code temperatures}: forward KL reads each frame with its
     * temperature's context; a reverse step draws one temperature uniformly in 1/T over the range and trains against
     * {@code targetAt} that temperature. FAB phases are refused. {@code threads} as for the unconditional training.
     */
    public static GeneratorTraining conditional(NormalizingFlow flow, Trajectory frames, double[] frameTemperatures,
            TemperatureContext temperatures, DoubleFunction<EnergyTarget> targetAt, TrainingPlan plan, int threads) {
        requireConditionable(plan);
        if (frameTemperatures.length != frames.frameCount()) {
            throw new IllegalArgumentException("reference frames need one temperature each: " + frames.frameCount()
                    + " frames, " + frameTemperatures.length + " temperatures");
        }
        for (double t : frameTemperatures) {
            temperatures.value(t);
        }
        return new GeneratorTraining(flow, frames, frameTemperatures.clone(), temperatures, targetAt, null, plan,
                threads);
    }

    /** Refuses a plan with FAB phases for a temperature-conditioned generator (FAB is not conditioned). */
    static void requireConditionable(TrainingPlan plan) {
        if (plan.phases().stream().anyMatch(p -> p.objective() == TrainingPhase.Objective.FAB)) {
            throw new IllegalArgumentException("FAB phases cannot train a temperature-conditioned generator");
        }
    }

    private GeneratorTraining(NormalizingFlow flow, Trajectory frames, double[] frameTemperatures,
            TemperatureContext temperatures, DoubleFunction<EnergyTarget> targetAt, EnergyTarget target,
            TrainingPlan plan, int threads) {
        if (plan.needsReference() && frames.frameCount() == 0) {
            throw new IllegalArgumentException("this training plan has a phase on reference frames (forward KL), "
                    + "but no reference frames were given");
        }
        this.flow = flow;
        this.frames = frames;
        this.frameTemperatures = frameTemperatures;
        this.frameSize = 3 * frames.atomCount();
        this.temperatures = temperatures;
        this.targetAt = targetAt;
        this.target = target;
        this.plan = plan;
        this.trainer = Trainer.builder(flow)
                .learningRate(step -> (float) learningRate(step))
                .maxGradNorm(plan.maxGradNorm())
                .threads(threads)
                .build();
        this.history = new TrainingHistory();
        this.fab = new FabObjective[plan.phases().size()];
        this.fabEvaluationsBefore = new long[plan.phases().size()];
    }

    /**
     * Trains toward the Boltzmann density times {@code cvBoost}'s weights: forward-KL batches draw each reference
     * frame with probability proportional to its boost, and the weighted phase weighs its draws against the boosted
     * density. Reverse-KL and FAB phases train toward the Boltzmann density itself. Refused for a
     * temperature-conditioned generator.
     */
    public void boost(CvBoost cvBoost) {
        if (temperatures != null) {
            throw new IllegalArgumentException("a CV boost is not available for a temperature-conditioned generator");
        }
        double[] logBoosts = cvBoost.logBoosts(frames);
        double[] cumulative = new double[logBoosts.length];
        double total = 0;
        for (int f = 0; f < logBoosts.length; f++) {
            total += Math.exp(logBoosts[f]);
            cumulative[f] = total;
        }
        this.boost = cvBoost;
        this.cumulativeBoost = cumulative;
    }

    /** The learning rate of global {@code step}: that of its phase at its position in the phase. */
    double learningRate(long step) {
        int phase = plan.phaseOf(step);
        return plan.phases().get(phase).learningRateAt(step - plan.firstStep(phase));
    }

    /** The total number of steps of all phases. */
    public long totalSteps() {
        return plan.totalSteps();
    }

    /** The losses and ESS recorded so far. */
    public TrainingHistory history() {
        return history;
    }

    /** Energy evaluations made by training steps so far (counted on from a resumed checkpoint's history). */
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
     * was called); writes checkpoints (and the history beside them) to {@code checkpoint}, or none if it is null.
     * Returns true if training completed.
     */
    public boolean run(Path checkpoint, long seed, BooleanSupplier stopRequested, Listener listener)
            throws IOException {
        long first = nextStep >= 0 ? nextStep : checkpoint == null ? 0 : resume(checkpoint);
        for (long step = first; step < totalSteps(); step++) {
            int phaseIndex = plan.phaseOf(step);
            TrainingPhase phase = plan.phases().get(phaseIndex);
            Objective objective = objective(phaseIndex);
            Arrays.fill(halfEvaluations, 0);
            Arrays.fill(halfLogWeights, null);
            StepReport report = trainer.step(objective, step, Rng.derive(seed, step));
            energyEvaluations += halfEvaluations[0] + halfEvaluations[1];
            double batchEss = phase.objective() == TrainingPhase.Objective.REVERSE
                    || phase.objective() == TrainingPhase.Objective.WEIGHTED_FORWARD_KL
                    ? batchEss(objective instanceof HalvedObjective) : Double.NaN;
            if (phase.objective() == TrainingPhase.Objective.FAB) {
                energyEvaluations += fab[phaseIndex].targetEvaluations() - fabEvaluationsBefore[phaseIndex];
                fabEvaluationsBefore[phaseIndex] = fab[phaseIndex].targetEvaluations();
            }
            String label = phase.objective().label();
            history.add(report, label, batchEss, energyEvaluations);
            listener.onStep(report, label, batchEss, energyEvaluations);
            boolean last = step + 1 == totalSteps();
            boolean stop = stopRequested.getAsBoolean();
            if (checkpoint != null && (last || stop || (step + 1) % plan.checkpointEvery() == 0)) {
                JsonObject extra = new JsonObject();
                extra.addProperty("phase", label);
                TrainingCheckpoint.save(checkpoint, trainer, step + 1, extra);
                history.write(checkpoint.resolveSibling("history.csv"));
            }
            if (stop && !last) {
                return false;
            }
        }
        return true;
    }

    private Objective objective(int phaseIndex) {
        TrainingPhase phase = plan.phases().get(phaseIndex);
        return switch (phase.objective()) {
            case FORWARD_KL -> (HalvedObjective) (manager, step, seed, half) ->
                    forwardKl(manager, phase.batch(), seed, half);
            case WEIGHTED_FORWARD_KL -> (HalvedObjective) (manager, step, seed, half) ->
                    weightedForwardKl(manager, phase, seed, half);
            case REVERSE -> phase.alpha() == 1
                    ? (HalvedObjective) (manager, step, seed, half) -> reverseKl(manager, phase, seed, half)
                    : (manager, step, seed) -> alphaDivergence(manager, phase, seed);
            case FAB -> {
                if (fab[phaseIndex] == null) {
                    fab[phaseIndex] = fabObjective(phase);
                }
                yield fab[phaseIndex];
            }
        };
    }

    /**
     * FAB on the flow without its coordinate layer, toward the Boltzmann density pulled back through that layer:
     * AIS then moves in the layer's normalized internal coordinates, where random-walk steps of one size fit all.
     */
    private FabObjective fabObjective(TrainingPhase phase) {
        List<FlowLayer> layers = flow.layers();
        FlowLayer coordinates = layers.get(layers.size() - 1);
        NormalizingFlow inner = new NormalizingFlow(flow.base(), layers.subList(0, layers.size() - 1));
        LatentTarget pulledBack = new LatentTarget(new NormalizingFlow(flow.base(), List.of(coordinates)), target);
        TrainingPhase.FabSettings s = phase.fab();
        double[] steps = new double[inner.dim()];
        Arrays.fill(steps, s.stepSize());
        return FabObjective.withBuffer(inner, pulledBack, phase.batch(), s.levels(), new RandomWalkMetropolis(steps),
                s.transitions(), new ReplayBuffer(s.bufferSize(), inner.dim()), s.updatesPerAis(),
                s.maxWeightAdjust());
    }

    /**
     * Reverse KL on {@code half} (0 or 1) of the phase's batch of flow draws (each half drawn from its own stream),
     * plus the forward-KL term on the same half of its batch of frames; the halves' losses sum to the batch's.
     */
    private NDArray reverseKl(NDManager manager, TrainingPhase phase, long seed, int half) {
        int rows = HalvedObjective.from(phase.batch(), half + 1) - HalvedObjective.from(phase.batch(), half);
        Draws draws = flowDraws(manager, phase, seed, Rng.derive(Rng.derive(seed, 1), half), rows, half);
        if (draws == null) {
            return manager.create(Double.NaN);
        }
        NDArray reverse = NDMath.scale(draws.logQ().sub(draws.logP()).sum(), 1.0 / phase.batch());
        return withForwardTerm(manager, reverse, phase, seed, half);
    }

    /**
     * Forward KL on {@code half} (0 or 1) of the phase's batch of flow draws, each weighted by its importance weight
     * normalized within the half; the halves' losses sum to the batch's mean.
     */
    private NDArray weightedForwardKl(NDManager manager, TrainingPhase phase, long seed, int half) {
        int rows = HalvedObjective.from(phase.batch(), half + 1) - HalvedObjective.from(phase.batch(), half);
        Draws draws = flowDraws(manager, phase, seed, Rng.derive(Rng.derive(seed, 1), half), rows, half);
        if (draws == null) {
            return manager.create(Double.NaN);
        }
        NDArray loss = NDMath.scale(flow.weightedForwardKld(draws.x(), draws.context(),
                draws.logP().sub(draws.logQ())), rows / (double) phase.batch());
        return withForwardTerm(manager, loss, phase, seed, half);
    }

    /** {@code loss} plus the phase's {@code forwardWeight} times forward KL on {@code half} (-1: all) of its frames. */
    private NDArray withForwardTerm(NDManager manager, NDArray loss, TrainingPhase phase, long seed, int half) {
        if (phase.forwardWeight() == 0) {
            return loss;
        }
        NDArray forward = forwardKl(manager, forwardBatch(phase), Rng.derive(seed, 2), half);
        return loss.add(NDMath.scale(forward, phase.forwardWeight()));
    }

    /** The reverse alpha-divergence ({@code alpha} != 1) on the whole batch, plus the forward-KL term. */
    private NDArray alphaDivergence(NDManager manager, TrainingPhase phase, long seed) {
        Draws draws = flowDraws(manager, phase, seed, Rng.derive(seed, 1), phase.batch(), 0);
        if (draws == null) {
            return manager.create(Double.NaN);
        }
        NDArray reverse = NormalizingFlow.alphaDivergence(draws.logP(), draws.logQ(), phase.alpha());
        return withForwardTerm(manager, reverse, phase, seed, -1);
    }

    /**
     * A batch of flow draws {@code x} (drawn with {@code context}, null if unconditional) with the flow's and the
     * (regularized) target's log densities.
     */
    private record Draws(NDArray x, NDArray context, NDArray logQ, NDArray logP) {}

    /**
     * {@code rows} flow draws from {@code drawSeed}, at the step's temperature if conditional (drawn from
     * {@code seed}), with their target log densities; records their log weights and energy evaluations as those of
     * {@code half}. Null if a draw cannot be placed (an angle outside (0, π)).
     */
    private Draws flowDraws(NDManager manager, TrainingPhase phase, long seed, long drawSeed, int rows, int half) {
        EnergyTarget stepTarget = target;
        NDArray context = null;
        if (temperatures != null) {
            double temperature = temperatures.drawn(new SplittableRandom(Rng.derive(seed, 3)).nextDouble());
            stepTarget = targetAt.apply(temperature);
            context = temperatures.rows(manager, new double[] {temperature});
        }
        Sample s;
        try {
            s = flow.sample(manager, rows, context, drawSeed);
        } catch (IllegalArgumentException invalidDraw) {
            return null;
        }
        NDArray logP = stepTarget.logProb(s.x());
        if (boost != null && phase.objective() == TrainingPhase.Objective.WEIGHTED_FORWARD_KL) {
            double[] logBoosts = boost.logBoosts(s.x().toType(DataType.FLOAT64, false).toDoubleArray(),
                    frameSize / 3);
            logP = logP.add(manager.create(logBoosts).toType(logP.getDataType(), false));
        }
        halfEvaluations[half] = rows;
        halfLogWeights[half] = logP.sub(s.logProb()).toDoubleArray();
        return new Draws(s.x(), context, s.logProb(), logP);
    }

    /** The batch of a phase's forward-KL term: that of the plan's forward-KL phase, else the phase's own. */
    private int forwardBatch(TrainingPhase phase) {
        return plan.phases().stream().filter(p -> p.objective() == TrainingPhase.Objective.FORWARD_KL)
                .mapToInt(TrainingPhase::batch).findFirst().orElse(phase.batch());
    }

    /** The Kish ESS fraction of the current step's flow draws (NaN if some could not be drawn). */
    private double batchEss(boolean halved) {
        double[] first = halfLogWeights[0];
        double[] second = halved ? halfLogWeights[1] : new double[0];
        if (first == null || second == null) {
            return Double.NaN;
        }
        double[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return finiteEss(all);
    }

    private static double finiteEss(double[] logWeights) {
        for (int i = 0; i < logWeights.length; i++) {
            if (Double.isNaN(logWeights[i]) || logWeights[i] == Double.POSITIVE_INFINITY) {
                return Double.NaN;
            }
        }
        return ImportanceWeights.kishFraction(logWeights);
    }

    /**
     * Forward KL on {@code half} (0 or 1; -1: all) of {@code size} reference frames drawn with {@code seed}, each
     * with its context if conditional, scaled so that the halves sum to the whole batch's mean.
     */
    private NDArray forwardKl(NDManager manager, int size, long seed, int half) {
        int from = half < 0 ? 0 : HalvedObjective.from(size, half);
        int to = half < 0 ? size : HalvedObjective.from(size, half + 1);
        int count = frames.frameCount();
        SplittableRandom random = new SplittableRandom(seed);
        double[] batch = new double[(to - from) * frameSize];
        double[] batchTemperatures = new double[to - from];
        for (int i = 0; i < to; i++) {
            int frame = cumulativeBoost == null ? random.nextInt(count)
                    : picked(cumulativeBoost, random.nextDouble());
            if (i >= from) {
                frames.copyFrame(frame, batch, (i - from) * frameSize);
                batchTemperatures[i - from] = frameTemperatures == null ? Double.NaN : frameTemperatures[frame];
            }
        }
        NDArray context = temperatures == null ? null : temperatures.rows(manager, batchTemperatures);
        NDArray mean = flow.forwardKld(manager.create(batch, new Shape(to - from, frameSize)), context);
        return to - from == size ? mean : NDMath.scale(mean, (to - from) / (double) size);
    }

    /**
     * The index a uniform {@code u} in [0, 1) picks from {@code cumulative} weights (running sums): index i with
     * probability proportional to its own weight.
     */
    static int picked(double[] cumulative, double u) {
        double point = u * cumulative[cumulative.length - 1];
        int found = Arrays.binarySearch(cumulative, point);
        return Math.min(found >= 0 ? found + 1 : -found - 1, cumulative.length - 1);
    }
}
