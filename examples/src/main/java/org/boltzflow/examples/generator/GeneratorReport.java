package org.boltzflow.examples.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.generator.AisRefinement;
import org.boltzflow.boltzmann.generator.EssCurve;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.boltzmann.generator.TrainingHistory;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.report.FreeEnergyPlots;
import org.boltzflow.report.LinePlot;
import org.boltzflow.report.Metrics;

/**
 * The human-readable outputs of a run: {@code fes.png} (the free-energy surface of the first two CVs from MD, the
 * flow, the reweighted flow and, if run, AIS, with the states outlined), {@code profiles.png} (1D free-energy
 * profiles of each CV with bootstrap error bands), {@code training.png} (the loss of each phase on its own axis and
 * the batch ESS), {@code weights.png} (the distribution of log importance weights) and {@code report.md}.
 */
final class GeneratorReport {
    private static final int FES_BINS = 60;
    private static final int PROFILE_BINS = 72;
    private static final int MAX_PROFILES = 6;
    private static final double FES_CAP_KJ_MOL = 30;

    private GeneratorReport() {}

    /**
     * Writes the PNGs into {@code dir}: {@code raw} are the flow samples without weights, {@code flow} with them;
     * {@code md} and {@code refined} (named {@code refinedName}) may be null.
     */
    static void plots(Path dir, RunAnalysis analysis, WeightedEnsemble md, WeightedEnsemble raw,
            WeightedEnsemble flow, WeightedEnsemble refined, String refinedName, TrainingHistory history, long seed)
            throws IOException {
        List<CollectiveVariable> cvs = analysis.definition().variables();
        List<WeightedEnsemble> ensembles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (md != null) {
            ensembles.add(md);
            names.add("MD");
        }
        ensembles.add(raw);
        names.add("flow");
        ensembles.add(flow);
        names.add("flow, reweighted");
        if (refined != null) {
            ensembles.add(refined);
            names.add(refinedName);
        }
        if (cvs.size() >= 2) {
            surfaces(dir.resolve("fes.png"), analysis, ensembles, names, seed);
        }
        profiles(dir.resolve("profiles.png"), analysis, ensembles, names, seed);
        training(dir.resolve("training.png"), history);
        LinePlot.write(dir.resolve("weights.png"), List.of(new LinePlot.Panel("importance weights of the flow samples",
                "log10(w / max w) (the first bin holds every weight below 1e-12)", "fraction of samples", List.of(logWeightHistogram(flow.logWeights())), false)));
    }

    private static void surfaces(Path png, RunAnalysis analysis, List<WeightedEnsemble> ensembles,
            List<String> names, long seed) throws IOException {
        List<CollectiveVariable> cvs = analysis.definition().variables();
        Axis ax = ensembles.get(0).axis(cvs.get(0), FES_BINS);
        Axis ay = ensembles.get(0).axis(cvs.get(1), FES_BINS);
        List<FreeEnergyPlots.Panel> panels = new ArrayList<>();
        double max = 0;
        for (int k = 0; k < ensembles.size(); k++) {
            FreeEnergySurface s = ensembles.get(k).pmf(analysis.state(), ax, ay, Rng.derive(seed, 300 + k));
            for (Estimate e : s.free()) {
                if (Double.isFinite(e.value())) {
                    max = Math.max(max, e.value());
                }
            }
            panels.add(new FreeEnergyPlots.Panel(names.get(k), s));
        }
        FreeEnergyPlots.surfaces(png, panels, analysis.definition().states(),
                Math.min(FES_CAP_KJ_MOL, Math.max(1, Math.ceil(max))));
    }

    private static void profiles(Path png, RunAnalysis analysis, List<WeightedEnsemble> ensembles,
            List<String> names, long seed) throws IOException {
        List<LinePlot.Panel> panels = new ArrayList<>();
        List<CollectiveVariable> cvs = analysis.definition().variables();
        for (int c = 0; c < Math.min(MAX_PROFILES, cvs.size()); c++) {
            CollectiveVariable cv = cvs.get(c);
            Axis axis = ensembles.get(0).axis(cv, PROFILE_BINS);
            Map<String, FreeEnergySurface> curves = new LinkedHashMap<>();
            for (int k = 0; k < ensembles.size(); k++) {
                if (!names.get(k).equals("flow")) {
                    curves.put(names.get(k), ensembles.get(k).pmf(analysis.state(), axis,
                            Rng.derive(seed, 400 + 10 * c + k)));
                }
            }
            panels.add(FreeEnergyPlots.profilePanel("free-energy profile along " + cv.name(), curves,
                    FES_CAP_KJ_MOL));
        }
        LinePlot.write(png, panels);
    }

    private static void training(Path png, TrainingHistory history) throws IOException {
        List<TrainingHistory.Row> rows = history.rows();
        List<LinePlot.Panel> panels = new ArrayList<>();
        List<LinePlot.Line> ess = new ArrayList<>();
        for (String phase : rows.stream().map(TrainingHistory.Row::phase).distinct().toList()) {
            List<TrainingHistory.Row> own = rows.stream().filter(r -> r.phase().equals(phase) && !r.skipped())
                    .toList();
            if (own.isEmpty()) {
                continue;
            }
            double[] x = own.stream().mapToDouble(TrainingHistory.Row::step).toArray();
            panels.add(new LinePlot.Panel("training loss, " + phase + " phase", "step", "loss", List.of(
                    new LinePlot.Line(phase, x, own.stream().mapToDouble(TrainingHistory.Row::loss).toArray(), null)),
                    false));
            double[] e = own.stream().mapToDouble(TrainingHistory.Row::batchEss).toArray();
            if (Arrays.stream(e).anyMatch(Double::isFinite)) {
                ess.add(new LinePlot.Line(phase, x, e, null));
            }
        }
        if (!ess.isEmpty()) {
            panels.add(new LinePlot.Panel("batch ESS (Kish fraction)", "step", "ESS", ess, false));
        }
        if (!panels.isEmpty()) {
            LinePlot.write(png, panels);
        }
    }

    /** How the refined samples are named: {@code AIS-refined} or {@code SMC-refined}. */
    static String refinedName(RunConfig config) {
        return config.ais().method().toUpperCase(java.util.Locale.ROOT) + "-refined";
    }

    /**
     * Writes the ESS curve: the reverse ESS of the flow against training wall time and, for the phases that evaluate
     * the energy, against the energy evaluations of training, one line per phase (each line starts at the previous
     * phase's last point).
     */
    static void essCurve(Path png, List<EssCurve.Point> points) throws IOException {
        List<LinePlot.Line> byTime = new ArrayList<>();
        List<LinePlot.Line> byEvaluations = new ArrayList<>();
        List<String> phases = points.stream().map(EssCurve.Point::phase).distinct().toList();
        for (String phase : phases) {
            int colour = phases.indexOf(phase);
            int first = 0;
            while (!points.get(first).phase().equals(phase)) {
                first++;
            }
            List<EssCurve.Point> own = new ArrayList<>(points.stream().filter(p -> p.phase().equals(phase)).toList());
            if (first > 0) {
                own.add(0, points.get(first - 1));
            }
            double[] ess = own.stream().mapToDouble(EssCurve.Point::ess).toArray();
            byTime.add(new LinePlot.Line(phase, own.stream().mapToDouble(p -> p.seconds() / 60).toArray(), ess, null,
                    colour));
            if (own.get(own.size() - 1).energyEvaluations() > own.get(0).energyEvaluations()) {
                byEvaluations.add(new LinePlot.Line(phase, own.stream().mapToDouble(EssCurve.Point::energyEvaluations)
                        .toArray(), ess, null, colour));
            }
        }
        boolean refined = phases.stream().anyMatch(phase -> phase.endsWith("-refined"));
        List<LinePlot.Panel> panels = new ArrayList<>(List.of(new LinePlot.Panel("reverse ESS of the flow during "
                + "training" + (refined ? ", then of the refined samples" : ""), "wall time since training began (min)",
                "reverse ESS (Kish fraction)", byTime, false)));
        if (!byEvaluations.isEmpty()) {
            panels.add(new LinePlot.Panel("reverse ESS against the energy evaluations",
                    "energy evaluations since training began (reference MD not counted)", "reverse ESS (Kish fraction)",
                    byEvaluations, false));
        }
        LinePlot.write(png, panels);
    }

    /** Writes {@code report.md}: what was run, the metrics with error bars, states, ΔF, the plots. */
    static void markdown(Path file, RunConfig config, RunAnalysis analysis, Metrics metrics) throws IOException {
        StringBuilder md = new StringBuilder("# Boltzmann generator: ")
                .append(Path.of(config.prmtop()).getFileName()).append("\n\n");
        md.append(String.format("Solvent %s, %.0f K, seed %d, %d threads, method %s. %s Flow: %d coupling spline "
                + "blocks, hidden %s, %d bins. %s %s%n%n", config.solvent(), config.temperature(), config.seed(),
                config.threads(), config.method(), reference(config), config.flow().blocks(),
                Arrays.toString(config.flow().hidden()), config.flow().bins(), training(config),
                refinement(config.ais(), metrics)));
        md.append("Collective variables: ").append(String.join(", ", analysis.definition().variables().stream()
                .map(CollectiveVariable::name).toList())).append(".\n\n");
        md.append("| metric | value |\n|---|---|\n");
        row(md, "reverse ESS (Kish, fraction)", metrics, "reverse_ess", "reverse_ess_err");
        row(md, "Pareto k̂ of the largest weights (above 0.7: the ESS and the estimates rest on a few samples)",
                metrics, "pareto_k", null);
        row(md, "forward ESS (from reference frames)", metrics, "forward_ess", "forward_ess_err");
        row(md, "KL(MD ‖ reweighted flow), first two CVs, 60×60", metrics, "kl_cv_md", null);
        row(md, "the same KL for a perfect sampler with this ESS (independent draws from MD's histogram)", metrics,
                "kl_cv_md_floor", null);
        row(md, "log Z of the target relative to the flow", metrics, "log_z", null);
        String refined = refinedName(config);
        row(md, refined + " ESS (Kish, fraction of the chains)", metrics, "ais_ess", "ais_ess_err");
        row(md, refined + " Pareto k̂ of the largest weights", metrics, "ais_pareto_k", null);
        row(md, refined + " log Z", metrics, "ais_log_z", null);
        row(md, "KL(MD ‖ " + refined + "), first two CVs, 60×60", metrics, "ais_kl_cv_md", null);
        row(md, "the same KL for a perfect sampler with the refined ESS", metrics, "ais_kl_cv_md_floor", null);
        row(md, refined.substring(0, 3) + " Metropolis acceptance", metrics, "ais_acceptance", null);
        row(md, refined.substring(0, 3) + " levels (mean per chunk of 2000 chains)", metrics, "ais_levels", null);
        row(md, refined.substring(0, 3) + " resampling steps (all chunks)", metrics, "ais_resamplings", null);
        row(md, refined + " distinct configurations (copies left by resampling counted once)", metrics,
                "ais_distinct_chains", null);
        row(md, "energy evaluations", metrics, "energy_evaluations", null);
        row(md, "training time (s)", metrics, "train_seconds", null);
        row(md, "samples with non-finite energy", metrics, "non_finite_samples", null);
        table(md, metrics, "states", "State populations", "state", "flow_reweighted");
        table(md, metrics, "ais_states", "State populations, " + refined, "state", "flow_reweighted");
        table(md, metrics, "delta_f", "ΔF between states (kJ/mol)", "ΔF", "flow");
        table(md, metrics, "ais_delta_f", "ΔF between states, " + refined + " (kJ/mol)", "ΔF", "flow");
        List<String> undefined = metrics.undefined();
        if (!undefined.isEmpty()) {
            md.append("\nNot defined (written as null in metrics.json): ").append(String.join(", ", undefined))
                    .append(". A ΔF is undefined when a state holds no weighted sample; an ESS when every weight "
                            + "is zero.\n");
        }
        md.append("\n![free-energy surfaces](fes.png)\n\n![profiles](profiles.png)\n\n")
                .append("![training](training.png) ![weights](weights.png)\n");
        if (config.essCurve().every() > 0) {
            md.append("\n![reverse ESS during training](ess_vs_time.png)\n");
        }
        AtomicFiles.writeString(file, md.toString());
    }

    private static String refinement(AisRefinement.Settings ais, Metrics metrics) {
        if (ais.samples() == 0) {
            return "No AIS or SMC refinement.";
        }
        if (metrics.get("ais_ess") == null) {
            return String.format("No refinement: the flow's reverse ESS is not below %.2f.", ais.whenEssBelow());
        }
        String when = ais.whenEssBelow() >= 1 ? "" : String.format(", when the flow's reverse ESS is below %.2f",
                ais.whenEssBelow());
        String levels = ais.conditionalEss() > 0
                ? String.format("adaptive levels (conditional ESS %.2f)", ais.conditionalEss())
                : ais.levels() + " levels";
        String resampling = ais.method().equals("smc")
                ? String.format(", resampled when the ESS falls below %.2f", ais.resampleBelow()) : "";
        String kernel = ais.kernel().equals("hmc") ? "Hamiltonian Monte Carlo step(s) of " + ais.leapfrogSteps()
                + " leapfrog steps" : "random-walk Metropolis step(s)";
        return String.format("%s refinement: %d chains, %s, %d %s of size %.3g per level, in the flow's latent "
                + "space%s%s.", ais.method().toUpperCase(java.util.Locale.ROOT), ais.samples(), levels,
                ais.transitions(), kernel, ais.stepSize(), resampling, when);
    }

    private static String reference(RunConfig config) {
        if (config.reference() != null) {
            return "Reference frames: " + config.reference() + ".";
        }
        ReferenceMd.Settings md = config.md();
        String saved = md.pool() ? String.format(" with every replica weighted for %.0f K by MBAR and resampled",
                config.temperature()) : " (the lowest saved)";
        String exchange = md.replicas() == 1 ? "" : String.format(
                ", each a replica exchange over %d temperatures up to %.0f K%s", md.replicas(), md.maxTemperature(),
                saved);
        return String.format("Reference MD: %d chains of %d steps (%.1f ps each)%s%s.", md.chains(), md.steps(),
                md.steps() * md.timestep(), exchange, config.method().equals("fab") ? ", used only to validate" : "");
    }

    private static String training(RunConfig config) {
        if (config.method().equals("fab")) {
            return String.format("Training: %d FAB steps (AIS with %d levels, replay buffer of %d).",
                    config.fab().steps(), config.fab().levels(), config.fab().bufferSize());
        }
        RunConfig.Training t = config.training();
        String text = String.format("Training: %d forward-KL steps on the reference frames", t.forwardSteps());
        if (t.weightedSteps() > 0) {
            text += String.format(", then %d steps of forward KL on the flow's importance-weighted draws",
                    t.weightedSteps());
        }
        if (t.reverseSteps() > 0) {
            text += String.format(", then %d steps of %s (with forward KL)", t.reverseSteps(),
                    t.reverseAlpha() == 1 ? "reverse KL" : "the reverse alpha-divergence, alpha = " + t.reverseAlpha());
        }
        return t.fabSteps() == 0 ? text + "." : String.format("%s, then %d FAB steps (AIS with %d levels, replay "
                + "buffer of %d).", text, t.fabSteps(), config.fab().levels(), config.fab().bufferSize());
    }

    private static void row(StringBuilder md, String label, Metrics metrics, String key, String errorKey) {
        Object value = metrics.get(key);
        if (value == null) {
            return;
        }
        Object error = errorKey == null ? null : metrics.get(errorKey);
        md.append("| ").append(label).append(" | ").append(Metrics.format(value));
        if (error != null) {
            md.append(" ± ").append(Metrics.format(error));
        }
        md.append(" |\n");
    }

    /**
     * A table of {@code key}'s rows (states or pairs of states): MD, the reweighted samples ({@code flowKey}) and,
     * where the run has them, the per-state BAR values, each with its error.
     */
    @SuppressWarnings("unchecked")
    private static void table(StringBuilder md, Metrics metrics, String key, String title, String first,
            String flowKey) {
        Map<String, Map<String, Double>> rows = (Map<String, Map<String, Double>>) metrics.get(key);
        if (rows == null) {
            return;
        }
        boolean bar = rows.values().stream().anyMatch(p -> p.containsKey("bar"));
        md.append("\n").append(title).append(":\n\n| ").append(first).append(" | MD | reweighted samples |")
                .append(bar ? " BAR per state (samples and MD frames) |\n|---|---|---|---|\n" : "\n|---|---|---|\n");
        rows.forEach((name, p) -> md.append("| ").append(name).append(" | ").append(withError(p, "md"))
                .append(" | ").append(withError(p, flowKey)).append(bar ? " | " + withError(p, "bar") : "")
                .append(" |\n"));
    }

    /** {@code value ± error} of {@code key} in {@code entry}, or nothing if it has no such value. */
    private static String withError(Map<String, Double> entry, String key) {
        return entry.containsKey(key) ? Metrics.format(entry.get(key)) + " ± " + Metrics.format(entry.get(key + "_err"))
                : "";
    }

    private static LinePlot.Line logWeightHistogram(double[] logWeights) {
        double max = Arrays.stream(logWeights).max().orElse(0);
        int bins = 60;
        double low = -12;
        double[] x = new double[bins];
        double[] y = new double[bins];
        for (double lw : logWeights) {
            double v = (lw - max) / Math.log(10);
            if (Double.isFinite(v)) {
                y[Math.min(bins - 1, Math.max(0, (int) ((v - low) / (-low) * bins)))] += 1.0 / logWeights.length;
            }
        }
        for (int b = 0; b < bins; b++) {
            x[b] = low + (b + 0.5) * (-low) / bins;
        }
        return new LinePlot.Line("samples", x, y, null);
    }
}
