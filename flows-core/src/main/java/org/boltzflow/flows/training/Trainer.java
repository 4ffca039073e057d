package org.boltzflow.flows.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.Rng;

/**
 * The training loop: Adam ({@link CheckpointableAdam}, checkpointable) with a learning-rate schedule, gradient clipping by global norm, and
 * a NaN/Inf guard that skips and counts bad steps and fails with a clear error after too many in a row. Every
 * temporary of a step lives in an {@link NDScope} closed at the end of the step, so memory stays flat. With two
 * threads, a {@link HalvedObjective}'s two half-batches are computed side by side, bit for bit as on one thread.
 */
public final class Trainer {
    /** Computes the second half of {@link HalvedObjective} batches for every trainer with two threads. */
    private static final ExecutorService HALF_WORKER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "boltzflow-train-half");
        thread.setDaemon(true);
        return thread;
    });

    private final HasParameters model;
    private final List<Parameter> trainable;
    private final CheckpointableAdam optimizer;
    private final Tracker learningRate;
    private final double maxGradNorm;
    private final int maxSkipsInARow;
    private final boolean parallelHalves;
    private long skippedTotal;
    private int skippedInARow;

    private Trainer(Builder b) {
        this.model = b.model;
        this.trainable = b.model.parameters().stream().filter(Parameter::requiresGradient).toList();
        this.learningRate = b.learningRate;
        this.optimizer = new CheckpointableAdam(trainable, 0.9, 0.999, 1e-8, b.weightDecay);
        this.maxGradNorm = b.maxGradNorm;
        this.maxSkipsInARow = b.maxSkipsInARow;
        this.parallelHalves = b.threads >= 2;
    }

    public static Builder builder(HasParameters model) {
        return new Builder(model);
    }

    public HasParameters model() {
        return model;
    }

    /** Runs {@code steps} steps from {@code firstStep}, each seeded by {@code Rng.derive(seed, step)}. */
    public void fit(Objective objective, long firstStep, long steps, long seed, Consumer<StepReport> onStep) {
        for (long step = firstStep; step < firstStep + steps; step++) {
            onStep.accept(step(objective, step, Rng.derive(seed, step)));
        }
    }

    /** One step: loss, backward, NaN/Inf guard, clipping, Adam update. */
    public StepReport step(Objective objective, long step, long stepSeed) {
        objective.prepare(step, stepSeed);
        double loss;
        try (NDScope scope = new NDScope();
                NDManager scratch = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            loss = objective instanceof HalvedObjective halved ? halves(halved, step, stepSeed)
                    : backwardIfFinite(objective.loss(scratch, step, stepSeed), collector::backward);
        }
        double gradNorm = Double.isFinite(loss) ? gradientNorm() : Double.NaN;
        float lr = learningRate.getNewValue((int) Math.min(step, Integer.MAX_VALUE));
        if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
            zeroGradients();
            skippedTotal++;
            if (++skippedInARow > maxSkipsInARow) {
                throw new NonFiniteTrainingException(step, skippedInARow, loss, gradNorm);
            }
            return new StepReport(step, loss, gradNorm, lr, true, skippedTotal);
        }
        skippedInARow = 0;
        double scale = gradNorm > maxGradNorm ? maxGradNorm / gradNorm : 1.0;
        List<NDArray> gradients = new ArrayList<>();
        for (Parameter p : trainable) {
            gradients.add(p.getArray().getGradient());
        }
        try {
            if (scale != 1.0) {
                gradients.forEach(g -> g.muli(scale));
            }
            optimizer.update(gradients, lr);
            gradients.forEach(g -> g.muli(0));
        } finally {
            gradients.forEach(NDArray::close);
        }
        return new StepReport(step, loss, gradNorm, lr, false, skippedTotal);
    }

    /**
     * The two halves' losses, summed, with their gradients added to the parameters': the second half on the worker
     * thread while this thread computes the first if there is a worker, else one after the other.
     */
    private double halves(HalvedObjective objective, long step, long seed) {
        if (!parallelHalves) {
            return half(objective, step, seed, 0) + half(objective, step, seed, 1);
        }
        Future<Double> second = HALF_WORKER.submit(
                () -> ThreadGradients.recording(() -> half(objective, step, seed, 1)));
        double first = half(objective, step, seed, 0);
        try {
            return first + second.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static double half(HalvedObjective objective, long step, long seed, int half) {
        try (NDScope scope = new NDScope(); NDManager scratch = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            return backwardIfFinite(objective.halfLoss(scratch, step, seed, half), ThreadGradients::backward);
        }
    }

    /** The value of the scalar {@code lossArray}, back-propagated by {@code backward} if it is finite. */
    private static double backwardIfFinite(NDArray lossArray, Consumer<NDArray> backward) {
        double loss = lossArray.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        if (Double.isFinite(loss)) {
            backward.accept(lossArray);
        }
        return loss;
    }

    private double gradientNorm() {
        double sumSquares = 0;
        for (Parameter p : trainable) {
            try (NDArray grad = p.getArray().getGradient(); NDArray sq = grad.square(); NDArray s = sq.sum();
                    NDArray d = s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)) {
                sumSquares += d.getDouble();
            }
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Resets every gradient to zero by in-place assignment: multiplying by 0 would keep NaN and Inf entries NaN, and
     * {@code set(ByteBuffer)} would swap in Java-owned memory that dies with this short-lived gradient handle.
     */
    private void zeroGradients() {
        for (Parameter p : trainable) {
            try (NDArray grad = p.getArray().getGradient()) {
                grad.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
            }
        }
    }

    /** The optimizer, whose state a checkpoint saves and restores. */
    public CheckpointableAdam optimizer() {
        return optimizer;
    }

    /** Restores the skip counters a checkpoint saved. */
    public void restoreCounters(long skipped) {
        this.skippedTotal = skipped;
        this.skippedInARow = 0;
    }

    /** Steps skipped so far because of a non-finite loss or gradient. */
    public long skippedTotal() {
        return skippedTotal;
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private final HasParameters model;
        private Tracker learningRate = Tracker.fixed(1e-3f);
        private float weightDecay;
        private double maxGradNorm = Double.POSITIVE_INFINITY;
        private int maxSkipsInARow = 20;
        private int threads = 1;

        private Builder(HasParameters model) {
            this.model = model;
        }

        /** Learning-rate schedule (DJL {@link Tracker}), e.g. {@code Tracker.fixed(1e-3f)} or a cosine tracker. */
        public Builder learningRate(Tracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        public Builder weightDecay(float decay) {
            this.weightDecay = decay;
            return this;
        }

        /** Clip the global gradient norm to this value. */
        public Builder maxGradNorm(double norm) {
            this.maxGradNorm = norm;
            return this;
        }

        /** How many consecutive non-finite steps are skipped before training fails. */
        public Builder maxSkipsInARow(int n) {
            this.maxSkipsInARow = n;
            return this;
        }

        /**
         * Threads for a step: with 2 or more, the two halves of a {@link HalvedObjective}'s batch are computed side
         * by side (same result as with 1). Other objectives always run on the caller's thread.
         */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + count);
            }
            this.threads = count;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
