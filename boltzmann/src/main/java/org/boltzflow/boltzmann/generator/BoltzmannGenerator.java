package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvBoost;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.EnergyTarget;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * A Boltzmann generator for any system: a normalizing flow from a simple base to configurations of the system's
 * {@link ThermodynamicState}, trained by a {@link TrainingPlan} and sampled with importance weights from the true
 * energy. Built by {@link #builder}; it owns a thread pool for energies and the flow's parameters, so close it.
 * <pre>{@code
 * AmberForceField ff = AmberForceField.load(prmtop, Solvent.OBC1);
 * ThermodynamicState state = new ThermodynamicState(ff, 300);
 * try (BoltzmannGenerator bg = BoltzmannGenerator.builder(state, ff.topology())
 *         .reference(frames)                                   // e.g. MD frames; optional for FAB
 *         .flow(FlowSpec.of(6, 8, 128, 128))
 *         .training(TrainingPlan.of(TrainingPhase.forwardKl(1200, 1024, 1e-3),
 *                 TrainingPhase.reverse(200, 256, 1.0, 5e-5, 1.0)))
 *         .seed(1).threads(2).build()) {
 *     bg.train();
 *     WeightedSamples samples = bg.sample(100_000);
 *     System.out.println(samples.ess() + " " + samples.logZ());
 * }
 * }</pre>
 * Without reference frames, {@link Builder#start} gives a configuration from which a short MD run
 * ({@link #STATISTICS_MD}) supplies the statistics the coordinate layer is normalized with; its energy evaluations
 * are counted in {@link #energyEvaluations()}.
 *
 * <p>With {@link Builder#temperatures} the generator is conditioned on temperature: one flow q(x | T) over a
 * temperature range ({@link TemperatureContext}), trained by forward KL on reference frames given with their
 * temperatures ({@link Builder#reference(Trajectory, double)}) and by reverse steps at temperatures drawn over the
 * range. It samples and weighs at a temperature T of the range, {@code log w = -u_T(x) - log q(x | T)} with
 * {@code u_T = E/kT}: {@link #sample(int, double)}, {@link #weigh(double[], double)}. The calls without a
 * temperature refuse a conditional generator, and those with one an unconditional generator. {@link #save} keeps
 * the range with the model, and {@link Builder#savedModel} restores it.
 */
public final class BoltzmannGenerator implements AutoCloseable {
    /**
     * The most reference frames the coordinate layer is normalized with by default: its means, spreads and whitening
     * are settled long before, and fitting it on a million frames would take gigabytes.
     */
    public static final int STATISTICS_FRAMES = 100_000;

    /** The short MD that normalizes the coordinate layer when no reference frames are given: 1,000 frames. */
    public static final ReferenceMd.Settings STATISTICS_MD = new ReferenceMd.Settings(1, 2_000, 20_000, 20, 0.001,
            1.0);
    /** The key of the temperature range in a saved model's metadata. */
    private static final String RANGE_KEY = "temperatures";

    private final ThermodynamicState state;
    private final Topology topology;
    private final NDManager manager;
    private final BatchEnergyEvaluator evaluator;
    private final NormalizingFlow flow;
    private final Trajectory reference;
    private final TemperatureContext temperatures;
    private final double[] referenceTemperatures;
    private final TrainingPlan plan;
    private final long seed;
    private final long setupEvaluations;
    private final CvBoost boost; // null: none
    private TrainingHistory history = new TrainingHistory();

    private BoltzmannGenerator(Builder b, NDManager manager, BatchEnergyEvaluator evaluator, NormalizingFlow flow,
            Trajectory reference, double[] referenceTemperatures, long setupEvaluations, CvBoost boost) {
        this.state = b.state;
        this.temperatures = b.temperatures;
        this.referenceTemperatures = referenceTemperatures;
        this.topology = b.topology;
        this.manager = manager;
        this.evaluator = evaluator;
        this.flow = flow;
        this.reference = reference;
        this.plan = b.plan;
        this.seed = b.seed;
        this.setupEvaluations = setupEvaluations;
        this.boost = boost;
    }

    /** A builder for a generator of {@code state} (which must carry its energy model) on {@code topology}. */
    public static Builder builder(ThermodynamicState state, Topology topology) {
        return new Builder(state, topology);
    }

    /** The thermodynamic state sampled. */
    public ThermodynamicState state() {
        return state;
    }

    /** The system's topology. */
    public Topology topology() {
        return topology;
    }

    /** The temperature range of a temperature-conditioned generator; null if it is unconditional. */
    public TemperatureContext temperatures() {
        return temperatures;
    }

    /** The temperature (K) of each reference frame of a conditional generator; empty if unconditional. */
    public double[] referenceTemperatures() {
        return referenceTemperatures.clone();
    }

    /** The flow (latent to Cartesian coordinates in nm). */
    public NormalizingFlow flow() {
        return flow;
    }

    /** The seed of every random stream. */
    public long seed() {
        return seed;
    }

    /** The losses, learning rates and batch ESS of the training steps so far. */
    public TrainingHistory history() {
        return history;
    }

    /** Energy evaluations so far: the coordinate-statistics MD (if any) and training. */
    public long energyEvaluations() {
        return setupEvaluations + history.energyEvaluations();
    }

    /** The reference frames, with no frame if none were given. */
    public Trajectory reference() {
        return reference;
    }

    /** Trains through the whole plan without checkpoints; returns this. */
    public BoltzmannGenerator train() throws IOException {
        train(null, () -> false, (report, phase, ess, evaluations) -> {});
        return this;
    }

    /**
     * Trains through the plan, resuming from and writing {@code checkpoint} (null: none) and {@code history.csv}
     * beside it, until done or {@code stop} turns true; {@code listener} hears every step. True if training ended.
     */
    public boolean train(Path checkpoint, BooleanSupplier stop, GeneratorTraining.Listener listener)
            throws IOException {
        GeneratorTraining training = temperatures == null
                ? new GeneratorTraining(flow, reference, regularizedTarget(state), plan, evaluator.threads())
                : GeneratorTraining.conditional(flow, reference, referenceTemperatures, temperatures,
                        t -> regularizedTarget(state.atTemperature(t)), plan, evaluator.threads());
        if (boost != null) {
            training.boost(boost);
        }
        if (checkpoint != null) {
            training.resume(checkpoint);
        }
        try {
            return training.run(checkpoint, seed, stop, listener);
        } finally {
            history = training.history();
        }
    }

    private EnergyTarget regularizedTarget(ThermodynamicState at) {
        return EnergyTarget.of(evaluator, at).regularized(plan.energyCut(), plan.energyMax());
    }

    /** {@code n} samples with importance weights, seeded by this generator's seed. */
    public WeightedSamples sample(int n) {
        return sample(n, seed, count -> {});
    }

    /** {@code n} samples of a conditional generator at {@code temperature} (K), seeded by its seed. */
    public WeightedSamples sample(int n, double temperature) {
        return sample(n, temperature, seed, count -> {});
    }

    /**
     * {@code n} samples of a conditional generator at {@code temperature} (K, inside its range) with importance
     * weights {@code -u_T(x) - log q(x | T)}; {@code sampleSeed} gives the stream, {@code progress} hears each
     * chunk's count.
     */
    public WeightedSamples sample(int n, double temperature, long sampleSeed, IntConsumer progress) {
        double[] context = context(temperature);
        return WeightedSamples.draw(flow, context, evaluator, state.atTemperature(temperature),
                SampleStream.of(sampleSeed, n), progress);
    }

    /** The context row of {@code temperature}; refuses an unconditional generator or a temperature out of range. */
    private double[] context(double temperature) {
        if (temperatures == null) {
            throw new IllegalArgumentException("this generator is not conditioned on temperature: it samples and "
                    + "weighs at " + state.temperature() + " K only (sample(n), weigh(xyz))");
        }
        return new double[] {temperatures.value(temperature)};
    }

    private void requireUnconditional(String call) {
        if (temperatures != null) {
            throw new IllegalArgumentException("this generator is conditioned on temperature (" + temperatures
                    + "): " + call
                    + " needs a temperature");
        }
    }

    /**
     * {@code n} samples with importance weights from the true energy: the {@link SampleStream#of stream} of
     * {@code sampleSeed} (the generator's own seed reproduces a run's samples); {@code progress} hears each chunk's
     * count.
     */
    public WeightedSamples sample(int n, long sampleSeed, IntConsumer progress) {
        requireUnconditional("sample");
        return WeightedSamples.draw(flow, evaluator, state, SampleStream.of(sampleSeed, n), progress);
    }

    /** Configurations {@code xyz} (packed, nm; e.g. MD frames) with the flow's density and importance weights. */
    public WeightedSamples weigh(double[] xyz) {
        requireUnconditional("weigh");
        int atoms = topology.atomCount();
        return WeightedSamples.weigh(evaluator, state, atoms, xyz, WeightedSamples.flowLogDensity(flow, xyz, atoms));
    }

    /** Configurations {@code xyz} with the conditional flow's density at {@code temperature} and weights there. */
    public WeightedSamples weigh(double[] xyz, double temperature) {
        double[] context = context(temperature);
        int atoms = topology.atomCount();
        return WeightedSamples.weigh(evaluator, state.atTemperature(temperature), atoms, xyz,
                WeightedSamples.flowLogDensity(flow, context, xyz, atoms));
    }

    /**
     * Refines the flow by AIS in its latent space ({@link AisRefinement}), the chains' stream given by
     * {@code refineSeed} (the generator's own seed reproduces a run's refinement). A flow with float32 blocks is
     * refined as its exact float64 copy ({@link FlowIO#widened}): the chains walk into latent regions where float32
     * splines overflow.
     */
    public AisRefinement.Result refine(AisRefinement.Settings settings, long refineSeed, IntConsumer progress) {
        requireUnconditional("AIS refinement");
        boolean single = flow.parameters().stream().anyMatch(p -> p.getArray().getDataType() != DataType.FLOAT64);
        try (NDManager scratch = manager.newSubManager()) {
            NormalizingFlow refined = single ? FlowIO.widened(flow, scratch, NormalizingFlow.class) : flow;
            return AisRefinement.run(refined, EnergyTarget.of(evaluator, state), GeneratorFlow.latentDomains(flow),
                    topology.atomCount(), settings, Rng.derive(refineSeed, -6), evaluator.threads(), progress);
        }
    }

    /**
     * Saves the flow as {@code <name>.json} and {@code <name>.params} in {@code dir}; a conditional generator's
     * temperature range goes into the description's metadata.
     */
    public void save(Path dir, String name) throws IOException {
        JsonObject metadata = new JsonObject();
        if (temperatures != null) {
            metadata.add(RANGE_KEY, temperatures.toJson());
        }
        FlowIO.save(flow, dir, name, metadata);
    }

    @Override
    public void close() {
        evaluator.close();
        manager.close();
    }

    /** Settings of a {@link BoltzmannGenerator}; only the state and topology are required. */
    public static final class Builder {
        private final ThermodynamicState state;
        private final Topology topology;
        private Trajectory reference;
        private final List<Trajectory> framesAt = new ArrayList<>();
        private final List<Double> temperaturesOfFrames = new ArrayList<>();
        private TemperatureContext temperatures;
        private double[] start;
        private FlowSpec flowSpec = FlowSpec.of(6, 8, 128, 128);
        private TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(1200, 1024, 1e-3),
                TrainingPhase.reverse(200, 256, 1.0, 5e-5, 1.0));
        private Path savedModel;
        private long seed = 1;
        private int threads = 1;
        private int statisticsFrames = STATISTICS_FRAMES;
        private List<CollectiveVariable> boostVariables;
        private double boostAbove;
        private double boostSlope;

        private Builder(ThermodynamicState state, Topology topology) {
            if (state.model() == null) {
                throw new IllegalArgumentException("a Boltzmann generator needs a state with an energy model");
            }
            if (state.model().atomCount() != topology.atomCount()) {
                throw new IllegalArgumentException("the energy model has " + state.model().atomCount()
                        + " atoms, the topology " + topology.atomCount());
            }
            this.state = state;
            this.topology = topology;
        }

        /** Reference configurations (e.g. MD frames) for forward-KL phases and the coordinate statistics. */
        public Builder reference(Trajectory frames) {
            this.reference = checkedFrames(frames);
            return this;
        }

        /**
         * Reference configurations at {@code temperature} (K) for a generator conditioned on temperature; call once
         * per temperature. Their frames together normalize the coordinate layer.
         */
        public Builder reference(Trajectory frames, double temperature) {
            framesAt.add(checkedFrames(frames));
            temperaturesOfFrames.add(temperature);
            return this;
        }

        /**
         * Conditions the flow on temperature over {@code range}: sampling and weighing then take a temperature in
         * it, and reference frames are given with their temperatures.
         */
        public Builder temperatures(TemperatureContext range) {
            this.temperatures = range;
            return this;
        }

        private Trajectory checkedFrames(Trajectory frames) {
            if (frames.atomCount() != topology.atomCount()) {
                throw new IllegalArgumentException("reference frames have " + frames.atomCount()
                        + " atoms, the topology " + topology.atomCount());
            }
            if (frames.frameCount() == 0) {
                throw new IllegalArgumentException("the reference trajectory has no frames");
            }
            frames.requireFinite("reference frames");
            return frames;
        }

        /**
         * A configuration (packed, nm) to start a short MD run from ({@link #STATISTICS_MD}) when no reference
         * frames are given: its frames only normalize the coordinate layer.
         */
        public Builder start(double[] xyz) {
            if (xyz.length != 3 * topology.atomCount()) {
                throw new IllegalArgumentException("the start configuration has " + xyz.length / 3 + " atoms, the "
                        + "topology " + topology.atomCount());
            }
            this.start = xyz.clone();
            return this;
        }

        /** The flow's architecture (default: 6 blocks, 8 bins, hidden 128×128, automatic Cartesian atoms). */
        public Builder flow(FlowSpec spec) {
            this.flowSpec = spec;
            return this;
        }

        /** The training plan (default: 1200 forward-KL steps, then 200 steps of reverse KL plus forward KL). */
        public Builder training(TrainingPlan trainingPlan) {
            this.plan = trainingPlan;
            return this;
        }

        /**
         * Loads the flow saved as {@code <name>.json/.params} in {@code dir} instead of building a new one. A
         * temperature range saved with it is restored (a different range given by {@link #temperatures} is
         * refused); a conditional model saved without one needs its range given.
         */
        public Builder savedModel(Path dir, String name) {
            this.savedModel = dir.resolve(name);
            return this;
        }

        /**
         * Trains toward a boosted ensemble ({@link CvBoost}): where the free energy of {@code variables} (periodic,
         * estimated from the reference frames) lies above {@code above} kJ/mol, forward-KL frames and the weighted
         * phase's draws count as if it rose only with {@code slope} of its rise. Raises the flow's share of rare
         * states; the samples are reweighted by the true energy as always. Needs reference frames.
         */
        public Builder boost(List<CollectiveVariable> variables, double above, double slope) {
            this.boostVariables = List.copyOf(variables);
            this.boostAbove = above;
            this.boostSlope = slope;
            return this;
        }

        /** The seed of every random stream (default 1). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Threads for energy evaluations, MD and the two halves of each training batch (default 1; results do not
         * depend on it).
         */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + count);
            }
            this.threads = count;
            return this;
        }

        /**
         * The most reference frames the coordinate layer is normalized with (default {@link #STATISTICS_FRAMES}):
         * beyond it, every k-th frame, the smallest k that leaves at most this many. Training uses all frames.
         */
        public Builder statisticsFrames(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("statisticsFrames must be >= 1, got " + count);
            }
            this.statisticsFrames = count;
            return this;
        }

        /** Builds the flow (fitting its coordinate layer) and the energy evaluator. */
        public BoltzmannGenerator build() throws IOException {
            // one PyTorch thread: multi-threaded reductions sum in a thread-dependent order
            Engines.init(1);
            if (savedModel != null) {
                temperatures = savedRange();
            }
            Trajectory given = reference;
            double[] frameTemperatures = new double[0];
            if (temperatures != null || !framesAt.isEmpty()) {
                checkConditional();
                given = framesAt.isEmpty() ? null : joinedFrames();
                frameTemperatures = frameTemperatures();
            }
            if (plan.needsReference() && given == null && savedModel == null) {
                throw new IllegalArgumentException("the training plan has forward-KL phases but no reference frames "
                        + "were given");
            }
            long setupEvaluations = 0;
            Trajectory statistics = given;
            if (statistics == null && savedModel == null) {
                if (start == null) {
                    throw new IllegalArgumentException("give reference frames or a start configuration: the "
                            + "coordinate layer is normalized with statistics of configurations");
                }
                ReferenceMd md = new ReferenceMd(state, topology.masses(), STATISTICS_MD, Rng.derive(seed, -9));
                statistics = md.run(start, threads, steps -> {});
                setupEvaluations = md.totalSteps();
            }
            NDManager manager = NDManager.newBaseManager();
            BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(state.model(), threads);
            try {
                NormalizingFlow flow;
                if (savedModel != null) {
                    flow = FlowIO.load(savedModel.getParent(), savedModel.getFileName().toString(), manager,
                            NormalizingFlow.class);
                    checkContext(flow);
                } else {
                    NDArray frames = statisticsBatch(manager, statistics);
                    flow = GeneratorFlow.build(manager, topology, frames, flowSpec,
                            temperatures == null ? 0 : TemperatureContext.SIZE, seed);
                    frames.close();
                }
                return new BoltzmannGenerator(this, manager, evaluator, flow,
                        given == null ? new Trajectory(topology.atomCount(), List.of()) : given, frameTemperatures,
                        setupEvaluations, fittedBoost(given));
            } catch (IOException | RuntimeException e) {
                evaluator.close();
                manager.close();
                throw e;
            }
        }

        /** The boost fitted on the reference frames, null without one; refused without frames or with temperatures. */
        private CvBoost fittedBoost(Trajectory frames) {
            if (boostVariables == null) {
                return null;
            }
            if (temperatures != null) {
                throw new IllegalArgumentException("a CV boost is not available for a temperature-conditioned "
                        + "generator");
            }
            if (frames == null) {
                throw new IllegalArgumentException("a CV boost needs reference frames to estimate its free energy");
            }
            return CvBoost.fit(boostVariables, frames, state, boostAbove, boostSlope);
        }

        /** The frames that normalize the coordinate layer, strided down to {@code statisticsFrames}, as one batch. */
        private NDArray statisticsBatch(NDManager manager, Trajectory frames) {
            int stride = (frames.frameCount() + statisticsFrames - 1) / statisticsFrames;
            int count = (frames.frameCount() + stride - 1) / stride;
            int size = 3 * topology.atomCount();
            double[] packed = new double[count * size];
            for (int i = 0; i < count; i++) {
                frames.copyFrame(i * stride, packed, i * size);
            }
            return manager.create(packed, new Shape(count, size));
        }

        /** Checks a conditional generator's inputs: a range, frames only with their temperatures, inside it. */
        private void checkConditional() {
            if (temperatures == null) {
                throw new IllegalArgumentException("reference frames were given with a temperature, but no "
                        + "temperature range: call temperatures(range)");
            }
            if (reference != null) {
                throw new IllegalArgumentException("a temperature-conditioned generator needs each reference "
                        + "trajectory's temperature: reference(frames, temperature)");
            }
            if (framesAt.isEmpty() && savedModel == null) {
                throw new IllegalArgumentException("a temperature-conditioned generator needs reference frames at "
                        + "temperatures of its range: reference(frames, temperature)");
            }
            GeneratorTraining.requireConditionable(plan);
            temperaturesOfFrames.forEach(temperatures::value);
        }

        /** The frames given with temperatures, in the order given. */
        private Trajectory joinedFrames() {
            List<double[]> all = new ArrayList<>();
            framesAt.forEach(frames -> all.addAll(frames.frames()));
            return new Trajectory(topology.atomCount(), all);
        }

        /** The temperature of each frame of {@link #joinedFrames}. */
        private double[] frameTemperatures() {
            double[] values = new double[framesAt.stream().mapToInt(Trajectory::frameCount).sum()];
            for (int i = 0, offset = 0; i < framesAt.size(); i++) {
                int count = framesAt.get(i).frameCount();
                Arrays.fill(values, offset, offset + count, temperaturesOfFrames.get(i));
                offset += count;
            }
            return values;
        }

        /** The range saved with the model, refusing a different one given; the given one if none was saved. */
        private TemperatureContext savedRange() throws IOException {
            JsonObject metadata = FlowIO.metadata(savedModel.getParent(), savedModel.getFileName().toString());
            if (!metadata.has(RANGE_KEY)) {
                return temperatures;
            }
            TemperatureContext saved;
            try {
                saved = TemperatureContext.fromJson(ArchitectureJson.object(metadata, RANGE_KEY));
            } catch (RuntimeException e) {
                throw new InvalidInputException(savedModel + ".json", 0, "metadata." + RANGE_KEY + ": "
                        + e.getMessage(), e);
            }
            if (temperatures != null && !temperatures.equals(saved)) {
                throw new IllegalArgumentException("the saved model " + savedModel + " was trained over " + saved
                        + ", not the given " + temperatures + ": give its range or none");
            }
            return saved;
        }

        /** Refuses a saved flow whose context does not match this builder's (temperature range or none). */
        private void checkContext(NormalizingFlow flow) {
            int expected = temperatures == null ? 0 : TemperatureContext.SIZE;
            if (flow.contextSize() != expected) {
                throw new IllegalArgumentException("the saved model " + savedModel + " has a context of size "
                        + flow.contextSize() + (expected == 0 ? ": give its temperature range (temperatures(range))"
                        : ", not a temperature context of size " + expected));
            }
        }
    }
}
