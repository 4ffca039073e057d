package org.boltzflow.examples.generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.generator.BoltzmannGenerator;
import org.boltzflow.boltzmann.generator.DefaultCvs;
import org.boltzflow.boltzmann.generator.FlowSpec;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.boltzmann.generator.TemperatureContext;
import org.boltzflow.boltzmann.generator.TrainingPlan;
import org.boltzflow.boltzmann.generator.WeightedSamples;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.Progress;

/**
 * One temperature-conditioned Boltzmann generator against separately trained ones: Java MD of a system at each
 * training temperature; one generator conditioned on temperature over their range, trained on all frames; at each
 * evaluation temperature (which must be a training temperature, so that its MD is the reference) a separate
 * unconditional generator of the same architecture and training plan, trained on that temperature's frames; then
 * at each evaluation temperature both generators' reverse ESS and reweighted state populations beside the MD's,
 * all with bootstrap errors.
 */
public final class TemperatureComparison {
    private static final int FORWARD_ESS_FRAMES = 10_000;

    /**
     * The comparison's inputs: {@code prmtop} and {@code start} (a PDB) of the system in {@code solvent}, MD
     * {@code md} at each of {@code trainTemperatures} (K), generators of {@code flow} trained by {@code plan},
     * {@code samples} flow samples per evaluation temperature, and the seed and threads of everything.
     */
    public record Settings(Path prmtop, Path start, Solvent solvent, double[] trainTemperatures,
            double[] evalTemperatures, ReferenceMd.Settings md, FlowSpec flow, TrainingPlan plan, int samples, long seed,
            int threads) {
        /** Checks that there are two training temperatures and that each evaluation temperature is one of them. */
        public Settings {
            trainTemperatures = trainTemperatures.clone();
            evalTemperatures = evalTemperatures.clone();
            if (trainTemperatures.length < 2) {
                throw new IllegalArgumentException("--temperatures needs at least two training temperatures");
            }
            for (double t : evalTemperatures) {
                if (Arrays.stream(trainTemperatures).noneMatch(u -> u == t)) {
                    throw new IllegalArgumentException("--evaluate: " + t + " K is not a training temperature, so "
                            + "there is no MD to compare with");
                }
            }
            if (samples < 1) {
                throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
            }
        }

        /** The range of the training temperatures. */
        public TemperatureContext range() {
            return new TemperatureContext(Arrays.stream(trainTemperatures).min().orElseThrow(),
                    Arrays.stream(trainTemperatures).max().orElseThrow());
        }
    }

    private final Settings settings;
    private final AmberForceField forceField;
    private final List<State> states;
    private final PrintStream console;
    private final Map<String, Evaluation> conditional = new LinkedHashMap<>();
    private final Map<String, Evaluation> separate = new LinkedHashMap<>();
    private final Map<String, Map<String, Estimate>> reference = new LinkedHashMap<>();

    /** A generator's measurements at one temperature: reverse and forward ESS, invalid draws, state populations. */
    private record Evaluation(Estimate reverse, Estimate forward, int invalid, Map<String, Estimate> states) {
        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reverse_ess", reverse.value());
            out.put("reverse_ess_err", reverse.stdError());
            out.put("forward_ess", forward.value());
            out.put("forward_ess_err", forward.stdError());
            out.put("invalid", invalid);
            out.put("states", TemperatureComparison.toMap(states));
            return out;
        }
    }

    /** A comparison of {@code settings}, reporting progress to {@code console}. */
    public TemperatureComparison(Settings settings, PrintStream console) throws IOException {
        this.settings = settings;
        this.forceField = AmberForceField.load(settings.prmtop(), settings.solvent());
        this.states = DefaultCvs.of(forceField.topology()).states();
        this.console = console;
    }

    /**
     * Runs MD (cached in {@code cacheDir}), trains every generator, saves the conditional one (with its temperature
     * range) as {@code modelDir/conditional.json/.params} and returns the metrics.
     */
    public Metrics run(Path cacheDir, Path modelDir) throws IOException {
        double[] start = PdbFile.read(settings.start()).trajectory().frame(0);
        Map<Double, Trajectory> md = new LinkedHashMap<>();
        for (double t : settings.trainTemperatures()) {
            md.put(t, referenceMd(t, start, cacheDir));
        }
        ThermodynamicState first = new ThermodynamicState(forceField, settings.trainTemperatures()[0]);
        Metrics metrics = new Metrics().put("flow", settings.flow().toString())
                .put("plan_steps", settings.plan().totalSteps()).put("samples", settings.samples())
                .put("md_frames_per_temperature", settings.md().chains() * (settings.md().steps()
                        / settings.md().saveEvery()));
        BoltzmannGenerator.Builder builder = builder(first).temperatures(settings.range());
        md.forEach((t, frames) -> builder.reference(frames, t));
        long startTime = System.nanoTime();
        try (BoltzmannGenerator generator = train(builder, "conditional")) {
            metrics.put("conditional_train_seconds", (System.nanoTime() - startTime) / 1e9);
            generator.save(modelDir, "conditional");
            for (double t : settings.evalTemperatures()) {
                conditional.put(key(t), evaluate(generator.sample(settings.samples(), t, settings.seed(),
                        count -> {}), generator.weigh(subset(md.get(t)), t), t));
            }
        }
        double separateSeconds = 0;
        for (double t : settings.evalTemperatures()) {
            startTime = System.nanoTime();
            try (BoltzmannGenerator generator = train(builder(first.atTemperature(t)).reference(md.get(t)),
                    "separate " + key(t) + " K")) {
                separateSeconds += (System.nanoTime() - startTime) / 1e9;
                separate.put(key(t), evaluate(generator.sample(settings.samples(), settings.seed(), count -> {}),
                        generator.weigh(subset(md.get(t))), t));
            }
            WeightedEnsemble frames = RunAnalysis.md(md.get(t));
            reference.put(key(t), frames.populations(states, Rng.derive(settings.seed(), 2)));
        }
        Map<String, Object> conditionalOut = new LinkedHashMap<>();
        Map<String, Object> separateOut = new LinkedHashMap<>();
        Map<String, Object> mdOut = new LinkedHashMap<>();
        conditional.forEach((t, e) -> conditionalOut.put(t, e.toMap()));
        separate.forEach((t, e) -> separateOut.put(t, e.toMap()));
        reference.forEach((t, p) -> mdOut.put(t, toMap(p)));
        return metrics.put("separate_train_seconds", separateSeconds).put("conditional", conditionalOut)
                .put("separate", separateOut).put("md", mdOut);
    }

    /**
     * The measured table in Markdown: per evaluation temperature the MD populations, then the conditional and the
     * separate generator's reverse and forward ESS and reweighted populations, values ± bootstrap errors.
     */
    public String markdownTable() {
        StringBuilder out = new StringBuilder("| T (K) | ensemble | reverse ESS | forward ESS |");
        states.forEach(s -> out.append(' ').append(s.name()).append(" |"));
        out.append("\n|---|---|---|---|").append("---|".repeat(states.size())).append('\n');
        for (String t : reference.keySet()) {
            out.append("| ").append(t).append(" | MD | | |");
            reference.get(t).values().forEach(p -> out.append(' ').append(plusMinus(p)).append(" |"));
            out.append('\n');
            row(out, t, "conditional", conditional.get(t));
            row(out, t, "separate", separate.get(t));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String t, String label, Evaluation e) {
        out.append("| ").append(t).append(" | ").append(label).append(" | ").append(plusMinus(e.reverse()))
                .append(" | ").append(plusMinus(e.forward())).append(" |");
        e.states().values().forEach(p -> out.append(' ').append(plusMinus(p)).append(" |"));
        out.append('\n');
    }

    private static String plusMinus(Estimate e) {
        return String.format(java.util.Locale.ROOT, "%.3g ± %.2g", e.value(), e.stdError());
    }

    /** Populations as {@code {state: [value, error]}} for the metrics file. */
    private static Map<String, double[]> toMap(Map<String, Estimate> populations) {
        Map<String, double[]> out = new LinkedHashMap<>();
        populations.forEach((name, p) -> out.put(name, new double[] {p.value(), p.stdError()}));
        return out;
    }

    private Trajectory referenceMd(double temperature, double[] start, Path cacheDir) throws IOException {
        ReferenceMd md = new ReferenceMd(new ThermodynamicState(forceField, temperature),
                forceField.topology().masses(), settings.md(), settings.seed());
        try (Progress progress = Progress.start("MD " + key(temperature) + " K", 0, md.totalSteps(), "steps",
                console)) {
            String system = settings.prmtop().getFileName() + "|" + ReferenceMd.contentKey(settings.prmtop()) + "|"
                    + settings.solvent();
            return md.framesCached(cacheDir, system, start,
                    settings.threads(), progress::advance, () -> false);
        }
    }

    private BoltzmannGenerator.Builder builder(ThermodynamicState state) {
        return BoltzmannGenerator.builder(state, forceField.topology()).flow(settings.flow())
                .training(settings.plan()).seed(settings.seed()).threads(settings.threads());
    }

    private BoltzmannGenerator train(BoltzmannGenerator.Builder builder, String label) throws IOException {
        BoltzmannGenerator generator = builder.build();
        try (Progress progress = Progress.start("training " + label, 0, settings.plan().totalSteps(), "steps",
                console)) {
            generator.train(null, () -> false, (report, phase, ess, evaluations) -> progress.step(
                    String.format("%s %.2f", phase, report.loss())));
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
        return generator;
    }

    /** Every {@code k}-th MD frame, {@code k} chosen to keep at most {@link #FORWARD_ESS_FRAMES} frames. */
    private static double[] subset(Trajectory frames) {
        int stride = Math.max(1, frames.frameCount() / FORWARD_ESS_FRAMES);
        List<double[]> kept = new java.util.ArrayList<>();
        for (int i = 0; i < frames.frameCount() / stride; i++) {
            kept.add(frames.frame(i * stride));
        }
        return new Trajectory(frames.atomCount(), kept).flatten();
    }

    /**
     * The reverse ESS and reweighted populations of flow {@code samples} at {@code temperature}, and the forward ESS
     * of the flow on its MD frames {@code mdWeighted}.
     */
    private Evaluation evaluate(WeightedSamples samples, WeightedSamples mdWeighted, double temperature) {
        WeightedEnsemble flow = GeneratorJob.ensemble(samples.xyz(), samples.atoms(), samples.logWeights());
        long seed = Rng.derive(settings.seed(), (long) temperature);
        Estimate reverse = ImportanceWeights.reverseEss(samples.logWeights(), Rng.derive(seed, 1));
        Estimate forward = ImportanceWeights.forwardEss(mdWeighted.logWeights(), Rng.derive(seed, 2));
        return new Evaluation(reverse, forward, samples.invalid(), flow.populations(states, Rng.derive(seed, 3)));
    }

    private static String key(double temperature) {
        return temperature == Math.rint(temperature) ? String.valueOf((long) temperature)
                : String.valueOf(temperature);
    }
}
