package org.boltzflow.examples.alanine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.DcdFile;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.PdbStructure;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.target.EnergyTarget;
import org.boltzflow.cli.Metrics;
import org.boltzflow.cli.Progress;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The alanine-dipeptide Boltzmann generator end to end: reference MD (cached), the flow on internal coordinates,
 * forward- then reverse-KL training with checkpoints, sampling with importance weights from the true energy, and
 * the report. {@link #train} stops cleanly (checkpoint written) when {@code stop} turns true and continues from the
 * checkpoint when called again on the same folder.
 */
public final class AlanineJob {
    private static final int FORWARD_ESS_FRAMES = 20_000;

    private final AlanineConfig config;
    private final Path dir;
    private final Path cacheDir;
    private final PrintStream console;
    private final AmberForceField forceField;
    private final double kT;
    private final CvDefinition phiPsi;
    private TrainingHistory lastHistory = new TrainingHistory();

    /** A job of {@code config} writing into {@code dir}, caching MD under {@code cacheDir}. */
    public AlanineJob(AlanineConfig config, Path dir, Path cacheDir, PrintStream console) throws IOException {
        this.config = config;
        this.dir = dir;
        this.cacheDir = cacheDir;
        this.console = console;
        // one PyTorch thread: multi-threaded reductions sum in a thread-dependent order (2 threads changed the default
        // run's ESS from 0.090 to 0.094); the config's threads run the MD chains and the energy evaluations
        Engines.init(1);
        this.forceField = AmberForceField.create(PrmtopReader.read(dataFile(config.prmtop())),
                Solvent.parse(config.solvent()));
        this.kT = Units.kT(config.temperature());
        this.phiPsi = CvDefinition.read(dataFile(RamachandranAnalysis.DEFINITION), forceField.topology());
        requireAtoms(config.flow().cartesianAtoms(), forceField.topology().atomCount());
    }

    private static void requireAtoms(int[] atoms, int atomCount) {
        if (java.util.Arrays.stream(atoms).distinct().count() != atoms.length) {
            throw new IllegalArgumentException("flow cartesianAtoms " + java.util.Arrays.toString(atoms)
                    + " lists an atom twice");
        }
        for (int atom : atoms) {
            if (atom < 0 || atom >= atomCount) {
                throw new IllegalArgumentException("flow cartesianAtoms: atom " + atom + " is not in the topology ("
                        + atomCount + " atoms, numbered from 0)");
            }
        }
    }

    /** A path from a config: absolute, or relative to the data folder (system property {@code boltzflow.data}). */
    public static Path dataFile(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : Path.of(System.getProperty("boltzflow.data", "data")).resolve(p);
    }

    /**
     * Runs MD (or reads its cache), trains and saves the model; then, if {@code sample}, samples and reports.
     * Returns the metrics (only the training ones without sampling), or null if stopped early.
     */
    public Metrics run(BooleanSupplier stop, boolean sample) throws IOException {
        org.boltzflow.flows.io.AtomicFiles.writeString(dir.resolve("config.json"), config.toJson());
        Trajectory md = referenceData();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = buildFlow(manager, md);
            long start = System.nanoTime();
            if (!train(flow, md, stop)) {
                console.println("stopped: checkpoint written to " + dir.resolve("checkpoint.bin"));
                return null;
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            FlowIO.save(flow, dir, "model");
            if (!sample) {
                return new Metrics().put("train_seconds", trainSeconds)
                        .put("energy_evaluations", lastHistory.energyEvaluations());
            }
            return sampleAndReport(flow, md, trainSeconds);
        }
    }

    /** The reference MD frames, from the cache when an earlier run made them. */
    public Trajectory referenceData() throws IOException {
        PdbStructure start = PdbFile.read(dataFile(config.startCoordinates()));
        start.requireMatches(forceField.topology());
        ReferenceMd md = new ReferenceMd(forceField, forceField.topology().masses(), config.temperature(),
                config.md(), config.seed());
        try (Progress progress = Progress.start("reference MD", md.totalSteps(), "steps")) {
            return md.framesCached(cacheDir, config.prmtop() + "|" + config.solvent(),
                    start.trajectory().frame(0), config.threads(), progress::advance);
        }
    }

    /** The untrained flow, seeded, with the coordinate layer fitted on the MD frames. */
    public NormalizingFlow buildFlow(NDManager manager, Trajectory md) {
        double[] xyz = md.flatten();
        NDArray frames = manager.create(xyz, new Shape(md.frameCount(), 3L * md.atomCount()));
        NormalizingFlow flow = GeneratorModel.build(manager, forceField.topology(), frames, config.flow(),
                config.seed());
        frames.close();
        return flow;
    }

    /** Trains (resuming from the folder's checkpoint if there is one); false if stopped before the end. */
    public boolean train(NormalizingFlow flow, Trajectory md, BooleanSupplier stop) throws IOException {
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(forceField, config.threads())) {
            AlanineConfig.Training t = config.training();
            EnergyTarget target = EnergyTarget.of(evaluator, config.temperature()).regularized(t.energyCut(),
                    t.energyMax());
            GeneratorTraining training = new GeneratorTraining(flow, md.flatten(), 3 * md.atomCount(), target, t);
            Path checkpoint = dir.resolve("checkpoint.bin");
            long done = training.resume(checkpoint);
            try (Progress progress = Progress.resume("training", done, training.totalSteps(), "steps")) {
                boolean completed = training.run(checkpoint, config.seed(), stop,
                        (report, phase, ess, evaluations) -> progress.step(String.format("%s %.2f%s E %d",
                                phase.equals("forward-kl") ? "fKL" : "rev", report.loss(),
                                Double.isNaN(ess) ? "" : String.format(" ess %.3f", ess), evaluations)));
                lastHistory = training.history();
                return completed;
            }
        }
    }

    /** Draws the samples, weighs them, writes samples, weights, metrics, plots and the report. */
    public Metrics sampleAndReport(NormalizingFlow flow, Trajectory md, double trainSeconds) throws IOException {
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(forceField, config.threads())) {
            WeightedSamples samples = drawAndWrite(flow, evaluator, config.samples(), config.seed());
            double[] mdXyz = md.flatten();
            RamachandranAnalysis analysis = new RamachandranAnalysis(phiPsi, mdXyz, samples, kT);
            Metrics metrics = metrics(flow, evaluator, samples, mdXyz, analysis, trainSeconds);
            if (config.ais().samples() > 0) {
                refine(flow, evaluator, metrics, config.seed(), mdXyz);
            }
            metrics.write(dir.resolve("metrics.json"));
            AlanineReport.plots(dir, analysis, lastHistory, samples.logWeights());
            AlanineReport.markdown(dir.resolve("report.md"), config, metrics);
            return metrics;
        }
    }

    /**
     * {@code boltzflow sample}: loads the model a run saved in {@code modelDir}, draws {@code n} samples with
     * {@code seed} (the same seed as the run gives the run's samples), writes them with their weights and the
     * sample metrics (ESS, ΔF, basin populations) into this job's folder; with the config's AIS refinement on, also
     * the refined samples and their metrics.
     */
    public Metrics sampleSaved(Path modelDir, int n, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(forceField, config.threads())) {
            NormalizingFlow flow = FlowIO.load(modelDir, "model", manager, NormalizingFlow.class);
            WeightedSamples samples = drawAndWrite(flow, evaluator, n, seed);
            RamachandranAnalysis analysis = new RamachandranAnalysis(phiPsi, new double[0], samples, kT);
            Estimate reverse = ImportanceWeights.reverseEss(samples.logWeights(), Rng.derive(seed, -2));
            Estimate deltaF = analysis.deltaFFlow(Rng.derive(seed, -4));
            Metrics metrics = new Metrics().put("reverse_ess", reverse.value()).put("reverse_ess_err", reverse.stdError())
                    .put("delta_f_kj_mol", deltaF.value()).put("delta_f_err_kj_mol", deltaF.stdError())
                    .put("log_z", samples.logZ())
                    .put("basins", analysis.basinPopulations()).put("samples", n)
                    .put("non_finite_samples", samples.nonFinite()).put("invalid_draws", samples.invalid()).put("model", modelDir.toString())
                    .put("seed", seed).put("threads", config.threads())
                    .put("energy_evaluations", (long) samples.size());
            if (config.ais().samples() > 0) {
                refine(flow, evaluator, metrics, seed, new double[0]);
            }
            metrics.write(dir.resolve("metrics.json"));
            return metrics;
        }
    }

    private WeightedSamples drawAndWrite(NormalizingFlow flow, BatchEnergyEvaluator evaluator, int n, long seed)
            throws IOException {
        WeightedSamples samples;
        try (Progress progress = Progress.start("sampling", n, "samples")) {
            samples = WeightedSamples.draw(flow, evaluator, kT, n, Rng.derive(seed, -1), progress::advance);
        }
        writeSamples(samples);
        return samples;
    }

    private void writeSamples(WeightedSamples samples) throws IOException {
        writeWeighted("", samples.atoms(), samples.xyz(), samples.logWeights());
        Npy.write(dir.resolve("energies.npy"), new NpyArray(samples.energies(), new int[] {samples.size()}));
    }

    /** Writes {@code <prefix>samples.dcd}, {@code <prefix>weights.npy} (normalized) and {@code <prefix>log_weights.npy}. */
    private void writeWeighted(String prefix, int atoms, double[] xyz, double[] logWeights) throws IOException {
        int n = logWeights.length;
        List<double[]> frames = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(java.util.Arrays.copyOfRange(xyz, i * 3 * atoms, (i + 1) * 3 * atoms));
        }
        DcdFile.write(dir.resolve(prefix + "samples.dcd"), new Trajectory(atoms, frames));
        Npy.write(dir.resolve(prefix + "weights.npy"), new NpyArray(ImportanceWeights.normalized(logWeights),
                new int[] {n}));
        Npy.write(dir.resolve(prefix + "log_weights.npy"), new NpyArray(logWeights, new int[] {n}));
    }

    /**
     * The optional AIS refinement ({@link AisRefinement}, when {@code ais.samples > 0}): runs the chains, writes
     * {@code ais_samples.dcd} and {@code ais_weights.npy}, and adds the {@code ais_*} metrics (ESS as a fraction
     * of all chains, ΔF, log Z, basin populations, acceptance, and the KL to the MD frames {@code mdXyz} if any).
     */
    private void refine(NormalizingFlow flow, BatchEnergyEvaluator evaluator, Metrics metrics, long seed,
            double[] mdXyz) throws IOException {
        AlanineConfig.Ais settings = config.ais();
        long start = System.nanoTime();
        AisRefinement.Result r;
        try (Progress progress = Progress.start("AIS refinement", settings.samples(), "chains")) {
            r = AisRefinement.run(flow, EnergyTarget.of(evaluator, config.temperature()), forceField.topology()
                    .atomCount(), settings, Rng.derive(seed, -6), progress::advance);
        }
        writeWeighted("ais_", r.atoms(), r.xyz(), r.logWeights());
        RamachandranAnalysis analysis = new RamachandranAnalysis(phiPsi, mdXyz, r.atoms(), r.xyz(), r.logWeights(), kT);
        double kept = (double) r.logWeights().length / settings.samples();
        Estimate ess = ImportanceWeights.reverseEss(r.logWeights(), Rng.derive(seed, -7));
        Estimate deltaF = analysis.deltaFFlow(Rng.derive(seed, -8));
        metrics.put("ais_ess", ess.value() * kept).put("ais_ess_err", ess.stdError() * kept)
                .put("ais_delta_f_kj_mol", deltaF.value()).put("ais_delta_f_err_kj_mol", deltaF.stdError())
                .put("ais_log_z", ImportanceWeights.logZ(r.logWeights()).value() + Math.log(kept))
                .put("ais_basins", analysis.basinPopulations()).put("ais_samples", settings.samples())
                .put("ais_dropped_chains", r.dropped()).put("ais_acceptance", r.acceptance())
                .put("ais_seconds", (System.nanoTime() - start) / 1e9)
                .put("energy_evaluations", (long) metrics.get("energy_evaluations") + r.energyEvaluations());
        if (mdXyz.length > 0) {
            metrics.put("ais_kl_phi_psi_md", analysis.klToMd());
        }
    }

    private Metrics metrics(NormalizingFlow flow, BatchEnergyEvaluator evaluator, WeightedSamples samples,
            double[] mdXyz, RamachandranAnalysis analysis, double trainSeconds) {
        int atoms = samples.atoms();
        int mdFrames = mdXyz.length / (3 * atoms);
        int stride = Math.max(1, mdFrames / FORWARD_ESS_FRAMES);
        double[] subset = new double[(mdFrames / stride) * 3 * atoms];
        for (int i = 0; i < mdFrames / stride; i++) {
            System.arraycopy(mdXyz, i * stride * 3 * atoms, subset, i * 3 * atoms, 3 * atoms);
        }
        WeightedSamples mdWeighted = WeightedSamples.weigh(evaluator, kT, atoms, subset,
                WeightedSamples.flowLogDensity(flow, subset, atoms));
        Estimate reverse = ImportanceWeights.reverseEss(samples.logWeights(), Rng.derive(config.seed(), -2));
        Estimate forward = ImportanceWeights.forwardEss(mdWeighted.logWeights(), Rng.derive(config.seed(), -3));
        Estimate deltaF = analysis.deltaFFlow(Rng.derive(config.seed(), -4));
        Estimate deltaFMd = analysis.deltaFMd(Rng.derive(config.seed(), -5));
        Metrics m = new Metrics();
        m.put("reverse_ess", reverse.value());
        m.put("reverse_ess_err", reverse.stdError());
        m.put("forward_ess", forward.value());
        m.put("forward_ess_err", forward.stdError());
        m.put("kl_phi_psi_md", analysis.klToMd());
        m.put("delta_f_kj_mol", deltaF.value());
        m.put("delta_f_err_kj_mol", deltaF.stdError());
        m.put("delta_f_md_kj_mol", deltaFMd.value());
        m.put("delta_f_md_err_kj_mol", deltaFMd.stdError());
        m.put("log_z", samples.logZ());
        m.put("basins", analysis.basinPopulations());
        m.put("energy_evaluations", lastHistory.energyEvaluations() + samples.size() + mdWeighted.size());
        m.put("train_seconds", trainSeconds);
        m.put("samples", samples.size());
        m.put("non_finite_samples", samples.nonFinite()).put("invalid_draws", samples.invalid());
        m.put("md_frames", mdFrames);
        m.put("skipped_steps", lastHistory.skippedSteps());
        m.put("solvent", config.solvent());
        m.put("temperature_k", config.temperature());
        m.put("threads", config.threads());
        m.put("seed", config.seed());
        return m;
    }
}
