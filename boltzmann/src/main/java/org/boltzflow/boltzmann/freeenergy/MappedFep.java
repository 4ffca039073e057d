package org.boltzflow.boltzmann.freeenergy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.boltzmann.coordinates.InternalCoordinateTransform;
import org.boltzflow.boltzmann.coordinates.ZMatrixBuilder;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.EnergyBridge;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.layers.SplineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.training.StepReport;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.mcmc.estimators.Bar;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Flow-mapped free-energy perturbation (targeted FEP, Jarzynski 2002; learned maps, Wirnsberger et al. 2020) between
 * two thermodynamic states A and B of the same atoms. A bijection M of the coordinates carries A's samples toward B;
 * the generalized works, in kT,
 * <pre>
 *   w_F(x) = u_B(M(x)) - u_A(x) - log|det J_M(x)|        (x from A)
 *   w_R(y) = u_A(M⁻¹(y)) - u_B(y) - log|det J_M⁻¹(y)|    (y from B)
 * </pre>
 * satisfy the fluctuation theorem for {@code Δf = f_B - f_A}, which BAR estimates from both with its asymptotic
 * error. With M the identity this is plain BAR between the states. {@link #train} fits M by minimizing the mean
 * forward plus mean reverse work on mini-batches (zero dissipation when M maps A exactly onto B).
 *
 * <p>M is {@code C ∘ T ∘ C⁻¹}: an optional coordinate layer C (latent to Cartesian, e.g. the internal-coordinate
 * layer; rigid-body motion is removed, which energies do not see) around layers T whose forward direction maps A
 * toward B. Works and energies are evaluated in plain Java on {@code threads} threads; results do not depend on the
 * thread count.
 */
public final class MappedFep implements HasParameters {
    private static final int CHUNK = 1024;

    private final ThermodynamicState a;
    private final ThermodynamicState b;
    private final FlowLayer coordinates;
    private final List<FlowLayer> layers;
    private long energyEvaluations;

    /**
     * Mapped FEP from {@code a} to {@code b} (both with energy models of the same atoms) through
     * {@code coordinates ∘ layers ∘ coordinates⁻¹}; {@code coordinates} may be null (layers act on Cartesian
     * coordinates), and empty {@code layers} are the identity.
     */
    public MappedFep(ThermodynamicState a, ThermodynamicState b, FlowLayer coordinates, List<FlowLayer> layers) {
        if (a.model() == null || b.model() == null) {
            throw new IllegalArgumentException("mapped FEP needs both states with an energy model");
        }
        if (a.model().atomCount() != b.model().atomCount()) {
            throw new IllegalArgumentException("state A has " + a.model().atomCount() + " atoms and state B "
                    + b.model().atomCount() + "; mapped FEP needs the same atoms in both");
        }
        this.a = a;
        this.b = b;
        this.coordinates = coordinates;
        this.layers = List.copyOf(layers);
    }

    /**
     * A map in the internal coordinates of {@code topology}: the global Z-matrix layer standardized with
     * {@code frames} (samples of both states, nm) and {@code blocks} rational-quadratic spline couplings
     * ({@code bins} bins, conditioners with {@code hidden} layers, circular on the dihedrals), which start as the
     * identity; parameters in {@code manager}, seeded by {@code seed}.
     */
    public static MappedFep inInternalCoordinates(NDManager manager, Topology topology, ThermodynamicState a,
            ThermodynamicState b, Trajectory frames, int blocks, int[] hidden, int bins, long seed) {
        if (frames.atomCount() != topology.atomCount()) {
            throw new IllegalArgumentException("frames have " + frames.atomCount() + " atoms, the topology "
                    + topology.atomCount());
        }
        NDArray cartesian = manager.create(frames.flatten(), new Shape(frames.frameCount(), 3L * frames.atomCount()));
        InternalCoordinateTransform layer = InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology), cartesian,
                InternalCoordinateTransform.DEFAULT_DOMAIN_BOUND);
        cartesian.close();
        List<FlowLayer> splines = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            boolean[] mask = AffineCoupling.bitMask(layer.internalDim(), k);
            splines.add(new SplineCoupling(manager, layer.domains(), mask, SplineSettings.of(bins), hidden,
                    Activation.RELU, DataType.FLOAT64, Rng.derive(seed, k)));
        }
        return new MappedFep(a, b, layer, splines);
    }

    /** The trainable parameters of the map (those of its layers and coordinate layer). */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.parameters()));
        if (coordinates != null) {
            all.addAll(coordinates.parameters());
        }
        return all;
    }

    /** Energy evaluations made so far by {@link #train} and {@link #works} (one per configuration and state). */
    public long energyEvaluations() {
        return energyEvaluations;
    }

    /** Forward works (on A's samples) and reverse works (on B's samples), in kT. */
    public record Works(double[] forward, double[] reverse) {
        /** BAR on these works: {@code Δf = f_B - f_A} in kT with its asymptotic standard error. */
        public Estimate deltaF() {
            double[] onA = new double[forward.length];
            double[] onB = new double[reverse.length];
            for (int i = 0; i < onA.length; i++) {
                onA[i] = -forward[i];
            }
            for (int i = 0; i < onB.length; i++) {
                onB[i] = -reverse[i];
            }
            Estimate logRatio = Bar.logZRatio(onA, onB);
            return new Estimate(-logRatio.value(), logRatio.stdError());
        }

        /** The mean dissipated work {@code (⟨w_F⟩ + ⟨w_R⟩) / 2} in kT: zero for a perfect map. */
        public double meanDissipation() {
            return 0.5 * (mean(forward) + mean(reverse));
        }
    }

    /**
     * The works of every sample of {@code samplesA} (from state A) and {@code samplesB} (from B); a non-finite
     * energy is refused naming the sample set, sample and state.
     */
    public Works works(Trajectory samplesA, Trajectory samplesB, int threads) {
        requireAtoms(samplesA, "A");
        requireAtoms(samplesB, "B");
        ReducedEnergies.Matrix own = ReducedEnergies.of(List.of(a, b), List.of(samplesA, samplesB), threads);
        int nA = samplesA.frameCount();
        energyEvaluations += 2L * (nA + samplesB.frameCount());
        try (BatchEnergyEvaluator onA = new BatchEnergyEvaluator(a.model(), threads);
                BatchEnergyEvaluator onB = new BatchEnergyEvaluator(b.model(), threads);
                NDManager manager = NDManager.newBaseManager()) {
            double[] forward = mappedWorks(manager, samplesA.flatten(), true, onB, "A", own.u()[0], 0);
            double[] reverse = mappedWorks(manager, samplesB.flatten(), false, onA, "B", own.u()[1], nA);
            return new Works(forward, reverse);
        }
    }

    /** {@link #works} then BAR: {@code Δf = f_B - f_A} in kT with its asymptotic standard error. */
    public Estimate deltaF(Trajectory samplesA, Trajectory samplesB, int threads) {
        return works(samplesA, samplesB, threads).deltaF();
    }

    /** Settings of {@link #train}: steps of Adam at a fixed learning rate, mini-batches of {@code batch} per state. */
    public record Training(int steps, int batch, double learningRate, double maxGradNorm, long seed) {
        /** Checks the ranges. */
        public Training {
            if (steps < 0 || batch < 1 || !(learningRate > 0) || !(maxGradNorm > 0)) {
                throw new IllegalArgumentException("mapped FEP training needs steps >= 0, batch >= 1 and a positive "
                        + "learning rate and gradient-norm bound");
            }
        }
    }

    /**
     * Trains the map on {@code samplesA} and {@code samplesB}: each step draws {@code batch} samples of each (seeded
     * by the step) and minimizes the mean forward work plus the mean reverse work. Returns each step's loss (in kT,
     * NaN for a skipped step).
     */
    public double[] train(Trajectory samplesA, Trajectory samplesB, Training settings, int threads) {
        requireAtoms(samplesA, "A");
        requireAtoms(samplesB, "B");
        ReducedEnergies.Matrix own = ReducedEnergies.of(List.of(a, b), List.of(samplesA, samplesB), threads);
        int nA = samplesA.frameCount();
        energyEvaluations += 2L * (nA + samplesB.frameCount());
        double[] uA = java.util.Arrays.copyOf(own.u()[0], nA);
        double[] uB = java.util.Arrays.copyOfRange(own.u()[1], nA, own.u()[1].length);
        double[] xA = samplesA.flatten();
        double[] xB = samplesB.flatten();
        int dim = 3 * samplesA.atomCount();
        Trainer trainer = Trainer.builder(this).learningRate(Tracker.fixed((float) settings.learningRate()))
                .maxGradNorm(settings.maxGradNorm()).build();
        double[] losses = new double[settings.steps()];
        try (BatchEnergyEvaluator onA = new BatchEnergyEvaluator(a.model(), threads);
                BatchEnergyEvaluator onB = new BatchEnergyEvaluator(b.model(), threads)) {
            EnergyBridge energyA = new EnergyBridge(onA);
            EnergyBridge energyB = new EnergyBridge(onB);
            for (int step = 0; step < settings.steps(); step++) {
                StepReport report = trainer.step((manager, s, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    NDArray forward = batchWork(manager, xA, uA, dim, settings.batch(), random, true, energyB);
                    NDArray reverse = batchWork(manager, xB, uB, dim, settings.batch(), random, false, energyA);
                    return forward.add(reverse);
                }, step, Rng.derive(settings.seed(), step));
                energyEvaluations += 2L * settings.batch();
                losses[step] = report.skipped() ? Double.NaN : report.loss();
            }
        }
        return losses;
    }

    /** The mean work of a random batch of {@code x} (reduced energies {@code u} in its own state), differentiable. */
    private NDArray batchWork(NDManager manager, double[] x, double[] u, int dim, int batch, SplittableRandom random,
            boolean forward, EnergyBridge other) {
        double[] rows = new double[batch * dim];
        double ownMean = 0;
        for (int i = 0; i < batch; i++) {
            int pick = random.nextInt(u.length);
            System.arraycopy(x, pick * dim, rows, i * dim, dim);
            ownMean += u[pick] / batch;
        }
        FlowResult mapped = map(manager.create(rows, new Shape(batch, dim)), forward);
        double beta = (forward ? b : a).beta();
        NDArray work = NDMath.scale(other.energy(mapped.value()), beta).sub(mapped.logDet());
        return work.mean().sub(ownMean);
    }

    /** M (forward) or M⁻¹ of a batch {@code (n, 3N)}, with log|det J| per row. */
    private FlowResult map(NDArray x, boolean forward) {
        NDArray value = x;
        NDArray logDet = x.getManager().zeros(new Shape(x.getShape().get(0)), DataType.FLOAT64);
        if (coordinates != null) {
            FlowResult r = coordinates.inverse(value);
            value = r.value();
            logDet = logDet.add(r.logDet());
        }
        for (int i = 0; i < layers.size(); i++) {
            FlowResult r = forward ? layers.get(i).forward(value) : layers.get(layers.size() - 1 - i).inverse(value);
            value = r.value();
            logDet = logDet.add(r.logDet());
        }
        if (coordinates != null) {
            FlowResult r = coordinates.forward(value);
            value = r.value();
            logDet = logDet.add(r.logDet());
        }
        return new FlowResult(value, logDet);
    }

    /** Works of all rows of {@code x} (from the state named {@code set}) mapped toward the other state. */
    private double[] mappedWorks(NDManager manager, double[] x, boolean forward, BatchEnergyEvaluator other,
            String set, double[] u, int offset) {
        int dim = 3 * a.model().atomCount();
        int n = x.length / dim;
        ThermodynamicState target = forward ? b : a;
        double[] works = new double[n];
        for (int start = 0; start < n; start += CHUNK) {
            int size = Math.min(CHUNK, n - start);
            try (NDManager scratch = manager.newSubManager()) {
                double[] rows = java.util.Arrays.copyOfRange(x, start * dim, (start + size) * dim);
                FlowResult mapped = map(scratch.create(rows, new Shape(size, dim)), forward);
                double[] y = mapped.value().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] logDet = mapped.logDet().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] energies = other.energiesAndForces(y, new double[y.length]);
                for (int i = 0; i < size; i++) {
                    double w = target.reduced(energies[i]) - u[offset + start + i] - logDet[i];
                    if (!Double.isFinite(w)) {
                        throw new IllegalArgumentException("sample set " + set + ", sample " + (start + i)
                                + ": the mapped configuration has energy " + energies[i] + " and log-det " + logDet[i]
                                + " under state " + (forward ? "B" : "A"));
                    }
                    works[start + i] = w;
                }
            }
        }
        energyEvaluations += n;
        return works;
    }

    private void requireAtoms(Trajectory samples, String set) {
        if (samples.atomCount() != a.model().atomCount()) {
            throw new IllegalArgumentException("sample set " + set + " has " + samples.atomCount() + " atoms, the "
                    + "states " + a.model().atomCount());
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
