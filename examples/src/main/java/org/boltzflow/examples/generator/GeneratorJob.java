package org.boltzflow.examples.generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvBoost;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.generator.AisRefinement;
import org.boltzflow.boltzmann.generator.BoltzmannGenerator;
import org.boltzflow.boltzmann.generator.EssCurve;
import org.boltzflow.boltzmann.generator.FlowSpec;
import org.boltzflow.boltzmann.generator.GeneratorFlow;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.boltzmann.generator.TrainingPlan;
import org.boltzflow.boltzmann.generator.WeightedSamples;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.DcdFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.InputLimits;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.ParetoTail;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.Progress;

/**
 * A Boltzmann-generator run of an AMBER system end to end, through the library's {@link BoltzmannGenerator}:
 * reference frames (the user's trajectory, or Java MD cached under the cache folder), training with checkpoints,
 * sampling with importance weights from the true energy, optional AIS refinement, the analysis along the run's
 * collective variables and states, and the report. {@link #run} stops cleanly (checkpoint written) when
 * {@code stop} turns true and continues from the checkpoint when called again on the same folder.
 */
public final class GeneratorJob {
    private static final int FORWARD_ESS_FRAMES = 20_000;
    /** Passes over the reference frames beyond which {@link #fewFramesWarning} warns. */
    private static final double MAX_PASSES = 4;

    private final RunConfig config;
    private final Path dir;
    private final Path cacheDir;
    private final PrintStream console;
    private final AmberForceField forceField;
    private final ThermodynamicState state;
    private final Trajectory start;
    private final RunAnalysis analysis;

    /** A job of {@code config} writing into {@code dir}, caching MD under {@code cacheDir}; checks the inputs. */
    public GeneratorJob(RunConfig config, Path dir, Path cacheDir, PrintStream console) throws IOException {
        this.config = config;
        this.dir = dir;
        this.cacheDir = cacheDir;
        this.console = console;
        this.forceField = AmberForceField.create(PrmtopReader.read(dataFile(config.prmtop())),
                Solvent.parse(config.solvent()));
        this.state = new ThermodynamicState(forceField, config.temperature());
        this.start = CoordinateFiles.read(dataFile(config.startCoordinates()), forceField.topology());
        GeneratorFlow.cartesianAtoms(forceField.topology(), config.flow());
        int atoms = forceField.topology().atomCount();
        InputLimits.requireValueCount(3L * atoms * config.samples(), "samples",
                config.samples() + " samples of " + atoms + " atoms");
        InputLimits.requireValueCount(3L * atoms * config.ais().samples(), "AIS samples",
                config.ais().samples() + " AIS chains of " + atoms + " atoms");
        this.analysis = RunAnalysis.of(config, forceField.topology(), state);
    }

    /**
     * A warning when training reads each of the {@code frames} reference frames more than
     * {@value #MAX_PASSES} times, or null: a flow learns poorly from few frames and overfits them with many passes
     * (capped Ala-Ala on 60,000 frames: reverse ESS 0.004, 0.030 and 0.010 after 4, 10 and 20 passes, against 0.22
     * on 1,067,200 frames after 1.2).
     */
    static String fewFramesWarning(TrainingPlan plan, int frames) {
        double passes = (double) plan.referenceFramesRead() / Math.max(frames, 1);
        if (passes <= MAX_PASSES) {
            return null;
        }
        return String.format(Locale.ROOT, "warning: training reads each of the %d reference frames %.1f "
                + "times (steps x batch / frames); a flow learns the distribution from few frames poorly and, "
                + "with many passes, fits the frames themselves: a longer trajectory gives it more to learn from",
                frames, passes);
    }

    /** A path from a config: absolute, or relative to the data folder (system property {@code boltzflow.data}). */
    public static Path dataFile(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : Path.of(System.getProperty("boltzflow.data", "data")).resolve(p);
    }

    /** The system's energy model. */
    public AmberForceField forceField() {
        return forceField;
    }

    /**
     * Gets the reference frames, trains and saves the model; then, if {@code sample}, samples and reports.
     * Returns the metrics (only the training ones without sampling), or null if stopped early.
     */
    public Metrics run(BooleanSupplier stop, boolean sample) throws IOException {
        AtomicFiles.writeString(dir.resolve("config.json"), config.toJson());
        Trajectory reference = referenceData(stop);
        if (reference == null) {
            return null;
        }
        String fewFrames = config.method().equals("md") ? fewFramesWarning(config.plan(), reference.frameCount())
                : null;
        if (fewFrames != null) {
            console.println(fewFrames);
        }
        // the md method trains on these frames (the generator keeps this trajectory, no copy); FAB only validates
        try (BoltzmannGenerator generator = builder(reference).build()) {
            long startTime = System.nanoTime();
            EssCurve curve = config.essCurve().every() == 0 ? null : new EssCurve(config.essCurve(), config.plan(),
                    Rng.derive(config.seed(), -9), dir.resolve("ess_curve.csv"));
            boolean done;
            try (Progress progress = Progress.start("training", 0, config.plan().totalSteps(), "steps",
                    System.err)) {
                done = generator.train(dir.resolve("checkpoint.bin"), stop, (report, phase, ess, evaluations) -> {
                    progress.step(String.format("%s %.2f%s E %d", phase, report.loss(),
                            Double.isNaN(ess) ? "" : String.format(" ess %.3f", ess), evaluations));
                    if (curve != null) {
                        curve.afterStep(generator, report.step(), phase, evaluations);
                    }
                });
            }
            if (!done) {
                console.println("stopped: checkpoint written to " + dir.resolve("checkpoint.bin"));
                return null;
            }
            long trainEnd = System.nanoTime();
            double trainSeconds = (trainEnd - startTime) / 1e9;
            if (curve != null) {
                GeneratorReport.essCurve(dir.resolve("ess_vs_time.png"), curve.points());
            }
            generator.save(dir, "model");
            SystemFingerprint.of(config, forceField).write(dir.resolve("system.json"));
            if (!sample) {
                return new Metrics().put("train_seconds", trainSeconds)
                        .put("energy_evaluations", generator.energyEvaluations());
            }
            return sampleAndReport(generator, reference, trainSeconds, curve, trainEnd);
        }
    }

    /**
     * The generator of the config; a flow trained by FAB is float64 whatever {@code flow.precision} says, since its
     * AIS moves chains by gradients through the flow's inverse, which a float32 flow does not carry back.
     */
    private BoltzmannGenerator.Builder builder(Trajectory reference) {
        boolean fab = config.method().equals("fab");
        FlowSpec flow = config.trainsFab() ? config.flow().withPrecision("float64") : config.flow();
        BoltzmannGenerator.Builder b = BoltzmannGenerator.builder(state, forceField.topology()).flow(flow)
                .training(config.plan()).seed(config.seed()).threads(config.threads());
        if (fab) {
            return b.start(start.frame(0));
        }
        List<CollectiveVariable> cvs = analysis.definition().variables();
        if (config.training().boostAbove() > 0) {
            if (cvs.stream().allMatch(CollectiveVariable::periodic) && cvs.size() <= CvBoost.MAX_VARIABLES) {
                b.boost(cvs, config.training().boostAbove(), config.training().boostSlope());
            } else {
                String notPeriodic = cvs.stream().filter(v -> !v.periodic()).map(CollectiveVariable::name)
                        .collect(Collectors.joining(", "));
                System.err.println("note: training without the CV boost (training.boostAbove), which needs at most "
                        + CvBoost.MAX_VARIABLES + " collective variables, all periodic; this run has " + cvs.size()
                        + (notPeriodic.isEmpty() ? "" : ", not periodic: " + notPeriodic));
            }
        }
        return b.reference(reference);
    }

    /**
     * The reference frames: the config's trajectory if it names one, else Java MD from the cache when an earlier run
     * made it. With the {@code fab} method these frames only validate. Null if stopped during the MD.
     */
    public Trajectory referenceData(BooleanSupplier stop) throws IOException {
        if (config.reference() != null) {
            Trajectory frames = CoordinateFiles.read(dataFile(config.reference()), forceField.topology());
            frames.requireFinite(config.reference());
            return frames;
        }
        ReferenceMd md = new ReferenceMd(state, forceField.topology().masses(), config.md(), config.seed());
        try (Progress progress = Progress.start("reference MD", 0, md.totalSteps(), "steps", System.err)) {
            String system = config.prmtop() + "|" + ReferenceMd.contentKey(dataFile(config.prmtop())) + "|"
                    + config.solvent();
            return md.framesCached(cacheDir, system, start.frame(0),
                    config.threads(), progress::advance, stop);
        }
    }

    /**
     * Draws the samples, weighs them, writes samples, weights, metrics, plots and the report, comparing with the
     * reference frames {@code mdFrames}; a refinement's ESS goes onto the ESS curve (if measured), timed from the end
     * of training ({@code trainEnd}, {@link System#nanoTime}).
     */
    private Metrics sampleAndReport(BoltzmannGenerator generator, Trajectory mdFrames, double trainSeconds,
            EssCurve curve, long trainEnd) throws IOException {
        WeightedSamples samples = drawAndWrite(generator, config.samples(), config.seed(), "");
        WeightedEnsemble md = RunAnalysis.md(mdFrames);
        Metrics metrics = metrics(generator, samples, mdFrames, md, trainSeconds);
        WeightedEnsemble refined = null;
        if (config.ais().refines(((Number) metrics.get("reverse_ess")).doubleValue())) {
            refined = refine(generator, metrics, config.seed(), md);
            if (curve != null) {
                curve.afterRefinement(GeneratorReport.refinedName(config), (System.nanoTime() - trainEnd) / 1e9,
                        ((Number) metrics.get("energy_evaluations")).longValue(),
                        ((Number) metrics.get("ais_ess")).doubleValue(),
                        ((Number) metrics.get("ais_log_z")).doubleValue());
                GeneratorReport.essCurve(dir.resolve("ess_vs_time.png"), curve.points());
            }
        }
        metrics.write(dir.resolve("metrics.json"));
        WeightedEnsemble flow = ensemble(samples.xyz(), samples.atoms(), samples.logWeights());
        GeneratorReport.plots(dir, analysis, md, WeightedEnsemble.of(samples.xyz(), samples.atoms(), null), flow,
                refined, GeneratorReport.refinedName(config), generator.history(), config.seed());
        GeneratorReport.markdown(dir.resolve("report.md"), config, analysis, metrics);
        return metrics;
    }

    /**
     * {@code boltzflow sample}: loads the model a run saved in {@code modelDir}, draws {@code n} samples with
     * {@code seed} (the same seed as the run gives the run's samples), writes them with their weights and the
     * sample metrics (ESS, state populations and ΔF) into this job's folder under {@code prefix}; with the
     * config's AIS refinement on, also the refined samples and their metrics. Given {@code reference} frames of the
     * same system (null for none), the metrics compare the samples with them as a run's do with its MD: forward
     * ESS, KL, free-energy surface, populations, and the populations and ΔF by BAR per state.
     */
    public Metrics sampleSaved(Path modelDir, int n, long seed, String prefix, Path reference) throws IOException {
        checkModel(modelDir, config);
        Trajectory frames = null;
        if (reference != null) {
            frames = CoordinateFiles.read(reference, forceField.topology());
            frames.requireFinite(reference.toString());
        }
        try (BoltzmannGenerator generator = BoltzmannGenerator.builder(state, forceField.topology())
                .savedModel(modelDir, "model").training(config.plan()).seed(seed).threads(config.threads())
                .build()) {
            WeightedSamples samples = drawAndWrite(generator, n, seed, prefix);
            Estimate reverse = ImportanceWeights.reverseEss(samples.logWeights(), Rng.derive(seed, -2));
            Metrics metrics = new Metrics().put("reverse_ess", reverse.value())
                    .put("reverse_ess_err", reverse.stdError())
                    .put("pareto_k", ParetoTail.shape(samples.logWeights())).put("log_z", samples.logZ());
            WeightedEnsemble md = frames == null ? null : RunAnalysis.md(frames);
            int weighed = compare(metrics, generator, samples, frames, md, seed);
            metrics.put("samples", n).put("non_finite_samples", samples.nonFinite())
                    .put("invalid_draws", samples.invalid()).put("model", modelDir.toString()).put("seed", seed)
                    .put("threads", config.threads()).put("energy_evaluations", (long) samples.size() + weighed);
            if (frames != null) {
                metrics.put("md_frames", frames.frameCount()).put("reference", reference.toString());
            }
            if (config.ais().refines(reverse.value())) {
                refine(generator, metrics, seed, md);
            }
            metrics.write(dir.resolve(prefix + "metrics.json"));
            return metrics;
        }
    }

    /** Refuses a model folder trained for another system than {@code config}'s, naming both, before any work. */
    public static void checkModel(Path modelDir, RunConfig config) throws IOException {
        AmberForceField system = AmberForceField.create(PrmtopReader.read(dataFile(config.prmtop())), Solvent.VACUUM);
        SystemFingerprint.read(modelDir.resolve("system.json")).requireSame(SystemFingerprint.of(config, system),
                modelDir);
    }

    private WeightedSamples drawAndWrite(BoltzmannGenerator generator, int n, long seed, String prefix)
            throws IOException {
        WeightedSamples samples;
        try (Progress progress = Progress.start("sampling", 0, n, "samples", System.err)) {
            samples = generator.sample(n, seed, progress::advance);
        }
        writeWeighted(prefix, samples.atoms(), samples.xyz(), samples.logWeights());
        Npy.write(dir.resolve(prefix + "energies.npy"), new NpyArray(samples.energies(), new int[] {samples.size()}));
        return samples;
    }

    /** Writes {@code <prefix>samples.dcd}, {@code <prefix>weights.npy} (normalized) and {@code <prefix>log_weights.npy}. */
    private void writeWeighted(String prefix, int atoms, double[] xyz, double[] logWeights) throws IOException {
        int n = logWeights.length;
        DcdFile.write(dir.resolve(prefix + "samples.dcd"), Trajectory.packed(atoms, xyz));
        Npy.write(dir.resolve(prefix + "weights.npy"), new NpyArray(ImportanceWeights.normalized(logWeights),
                new int[] {n}));
        Npy.write(dir.resolve(prefix + "log_weights.npy"), new NpyArray(logWeights, new int[] {n}));
    }

    /**
     * The optional AIS or SMC refinement: runs the chains, writes {@code ais_samples.dcd} and {@code ais_weights.npy},
     * and adds the {@code ais_*} metrics (the method, ESS as a fraction of all chains, ΔF, log Z, state populations,
     * acceptance, levels, resamplings and distinct configurations, and the KL to the MD frames {@code md} if any).
     */
    private WeightedEnsemble refine(BoltzmannGenerator generator, Metrics metrics, long seed, WeightedEnsemble md)
            throws IOException {
        AisRefinement.Settings settings = config.ais();
        long startTime = System.nanoTime();
        AisRefinement.Result r;
        try (Progress progress = Progress.start(settings.method().toUpperCase(java.util.Locale.ROOT) + " refinement",
                0, settings.samples(), "chains", System.err)) {
            r = generator.refine(settings, seed, progress::advance);
        }
        writeWeighted("ais_", r.atoms(), r.xyz(), r.logWeights());
        double kept = (double) r.logWeights().length / settings.samples();
        Estimate ess = ImportanceWeights.reverseEss(r.logWeights(), Rng.derive(seed, -7));
        metrics.put("ais_ess", ess.value() * kept).put("ais_ess_err", ess.stdError() * kept)
                .put("ais_pareto_k", ParetoTail.shape(r.logWeights())).put("ais_log_z", r.logZ());
        WeightedEnsemble refined = ensemble(r.xyz(), r.atoms(), r.logWeights());
        analysis.metrics(metrics, "ais_", md, refined, Rng.derive(seed, -8));
        metrics.put("ais_method", settings.method()).put("ais_kernel", settings.kernel()).put("ais_levels", r.levels())
                .put("ais_resamplings", r.resamplings()).put("ais_distinct_chains", r.distinct());
        metrics.put("ais_samples", settings.samples()).put("ais_dropped_chains", r.dropped())
                .put("ais_acceptance", r.acceptance()).put("ais_seconds", (System.nanoTime() - startTime) / 1e9)
                .put("energy_evaluations", ((Number) metrics.get("energy_evaluations")).longValue()
                        + r.energyEvaluations());
        return refined;
    }

    /**
     * Weighted configurations as an ensemble; those of weight zero (non-finite energy) are left out, since they carry
     * no probability.
     */
    static WeightedEnsemble ensemble(double[] xyz, int atoms, double[] logWeights) {
        int frame = 3 * atoms;
        int kept = 0;
        double[] x = new double[xyz.length];
        double[] lw = new double[logWeights.length];
        for (int i = 0; i < logWeights.length; i++) {
            if (logWeights[i] > Double.NEGATIVE_INFINITY) {
                System.arraycopy(xyz, i * frame, x, kept * frame, frame);
                lw[kept++] = logWeights[i];
            }
        }
        return WeightedEnsemble.of(Arrays.copyOf(x, kept * frame), atoms, Arrays.copyOf(lw, kept));
    }

    /**
     * Adds the metrics of the weighted {@code samples} (state populations, ΔF, surfaces) and, with reference
     * {@code frames} (null for none; {@code md} is their ensemble), their comparison with them: the frames' forward
     * ESS (every k-th frame, at most {@value #FORWARD_ESS_FRAMES}, weighed by the flow), KL and surface agreement,
     * and the populations and ΔF by BAR per state. Returns the number of frames weighed (energy evaluations).
     */
    private int compare(Metrics m, BoltzmannGenerator generator, WeightedSamples samples, Trajectory frames,
            WeightedEnsemble md, long seed) {
        int atoms = samples.atoms();
        WeightedEnsemble draws = ensemble(samples.xyz(), atoms, samples.logWeights());
        if (frames == null) {
            analysis.metrics(m, "", null, draws, Rng.derive(seed, -4));
            return 0;
        }
        int stride = Math.max(1, frames.frameCount() / FORWARD_ESS_FRAMES);
        double[] subset = new double[(frames.frameCount() / stride) * 3 * atoms];
        for (int i = 0; i < frames.frameCount() / stride; i++) {
            frames.copyFrame(i * stride, subset, i * 3 * atoms);
        }
        WeightedSamples weighed = generator.weigh(subset);
        Estimate forward = ImportanceWeights.forwardEss(weighed.logWeights(), Rng.derive(seed, -3));
        m.put("forward_ess", forward.value());
        m.put("forward_ess_err", forward.stdError());
        analysis.metrics(m, "", md, draws, Rng.derive(seed, -4));
        analysis.barEstimates(m, draws, ensemble(subset, atoms, weighed.logWeights()), Rng.derive(seed, -5));
        return weighed.size();
    }

    private Metrics metrics(BoltzmannGenerator generator, WeightedSamples samples, Trajectory mdTrajectory,
            WeightedEnsemble md, double trainSeconds) {
        Estimate reverse = ImportanceWeights.reverseEss(samples.logWeights(), Rng.derive(config.seed(), -2));
        Metrics m = new Metrics();
        m.put("reverse_ess", reverse.value());
        m.put("reverse_ess_err", reverse.stdError());
        m.put("pareto_k", ParetoTail.shape(samples.logWeights()));
        int weighed = compare(m, generator, samples, mdTrajectory, md, config.seed());
        m.put("log_z", samples.logZ());
        m.put("energy_evaluations", generator.energyEvaluations() + samples.size() + weighed);
        m.put("train_seconds", trainSeconds);
        m.put("method", config.method());
        m.put("samples", samples.size());
        m.put("non_finite_samples", samples.nonFinite()).put("invalid_draws", samples.invalid());
        m.put("md_frames", mdTrajectory.frameCount());
        m.put("skipped_steps", generator.history().skippedSteps());
        m.put("solvent", config.solvent());
        m.put("temperature_k", config.temperature());
        m.put("threads", config.threads());
        m.put("seed", config.seed());
        return m;
    }
}
