package org.boltzflow.examples.generator;

import org.boltzflow.report.Plots;
import org.boltzflow.report.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.analysis.TorusHistogram;
import org.boltzflow.boltzmann.generator.AisRefinement;
import org.boltzflow.boltzmann.generator.TrainingHistory;
import org.boltzflow.boltzmann.generator.WeightedSamples;


import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The human-readable outputs of an alanine-dipeptide run: the PNG plots (Ramachandran of MD, flow and reweighted
 * flow side by side; φ and ψ marginals; the training curve; the weight distribution) and {@code report.md}.
 */
final class GeneratorReport {
    private static final int MARGINAL_BINS = 90;

    private GeneratorReport() {}

    /** Writes the PNGs into {@code dir}. */
    static void plots(Path dir, RunAnalysis runAnalysis, double[] mdXyz, WeightedSamples samples,
            AisRefinement.Result refined, TrainingHistory history) throws IOException {
        double[] logWeights = samples.logWeights();
        RamachandranAnalysis analysis = runAnalysis.ramachandran(mdXyz, samples.atoms(), samples.xyz(), logWeights);
        Plots.heatmaps(dir.resolve("ramachandran.png"), List.of(
                new Plots.Heatmap("MD", grid(analysis.md())),
                new Plots.Heatmap("flow", grid(analysis.flow())),
                new Plots.Heatmap("flow, reweighted", grid(analysis.reweighted()))), 5);
        double[][] angles = analysis.angles();
        double[] w = ImportanceWeights.normalized(logWeights);
        for (int k = 0; k < 2; k++) {
            String name = k == 0 ? "phi" : "psi";
            Plots.chart(dir.resolve("marginal_" + name + ".png"), name + " marginal", name + " (rad)", "density",
                    List.of(marginal("MD", angles[k], null), marginal("flow", angles[2 + k], null),
                            marginal("flow, reweighted", angles[2 + k], w)), false);
        }
        List<TrainingHistory.Row> rows = history.rows();
        List<Plots.Series> curves = new ArrayList<>();
        for (String phase : List.of("forward-kl", "reverse")) {
            double[] x = rows.stream().filter(r -> r.phase().equals(phase) && !r.skipped()).mapToDouble(r -> r.step())
                    .toArray();
            double[] y = rows.stream().filter(r -> r.phase().equals(phase) && !r.skipped()).mapToDouble(r -> r.loss())
                    .toArray();
            if (x.length > 0) {
                curves.add(new Plots.Series(phase + " loss", x, y));
            }
        }
        if (!curves.isEmpty()) {
            Plots.chart(dir.resolve("training.png"), "training loss", "step", "loss", curves, false);
        }
        Plots.chart(dir.resolve("weights.png"), "importance weights", "log10(w / max w)", "fraction of samples",
                List.of(logWeightHistogram(logWeights)), false);
    }

    /** Writes {@code report.md}: what was run, the metrics with error bars, the plots. */
    static void markdown(Path file, RunConfig config, RunAnalysis analysis, Metrics metrics) throws IOException {
        StringBuilder md = new StringBuilder("# Alanine-dipeptide Boltzmann generator\n\n");
        md.append(String.format("Solvent %s, %.0f K, seed %d, %d threads. MD: %d chains of %d steps (%.1f ps each). "
                + "Flow: %d coupling spline blocks, hidden %s, %d bins. Training: %d forward-KL steps, then %d steps of %s "
                + "(with forward KL). %s%n%n",
                config.solvent(), config.temperature(), config.seed(), config.threads(), config.md().chains(),
                config.md().steps(), config.md().steps() * config.md().timestep(), config.flow().blocks(),
                java.util.Arrays.toString(config.flow().hidden()), config.flow().bins(),
                config.training().forwardSteps(), config.training().reverseSteps(),
                config.training().reverseAlpha() == 1 ? "reverse KL"
                        : "the reverse alpha-divergence, alpha = " + config.training().reverseAlpha(),
                config.ais().samples() == 0 ? "No AIS refinement."
                        : String.format("AIS refinement: %d chains, %d levels, %d random-walk Metropolis step(s) of "
                                + "size %.3g per level, in the flow's latent space.", config.ais().samples(),
                                config.ais().levels(), config.ais().transitions(), config.ais().stepSize())));
        md.append("| metric | value |\n|---|---|\n");
        row(md, "reverse ESS (Kish, fraction)", metrics, "reverse_ess", "reverse_ess_err");
        row(md, "forward ESS (from MD frames)", metrics, "forward_ess", "forward_ess_err");
        row(md, "KL(MD ‖ reweighted flow), φ/ψ 60×60", metrics, "kl_phi_psi_md", null);
        row(md, "ΔF C7eq/β − αR, reweighted flow (kJ/mol)", metrics, "delta_f_kj_mol", "delta_f_err_kj_mol");
        row(md, "ΔF C7eq/β − αR, MD (kJ/mol)", metrics, "delta_f_md_kj_mol", "delta_f_md_err_kj_mol");
        if (metrics.get("ais_ess") != null) {
            row(md, "AIS-refined ESS (Kish, fraction of the AIS chains)", metrics, "ais_ess", "ais_ess_err");
            row(md, "KL(MD ‖ AIS-refined), φ/ψ 60×60", metrics, "ais_kl_phi_psi_md", null);
            row(md, "ΔF C7eq/β − αR, AIS-refined (kJ/mol)", metrics, "ais_delta_f_kj_mol", "ais_delta_f_err_kj_mol");
            row(md, "AIS chains", metrics, "ais_samples", null);
            row(md, "AIS Metropolis acceptance", metrics, "ais_acceptance", null);
        }
        row(md, "energy evaluations", metrics, "energy_evaluations", null);
        row(md, "training time (s)", metrics, "train_seconds", null);
        row(md, "samples with non-finite energy", metrics, "non_finite_samples", null);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> basins = (Map<String, Map<String, Double>>) metrics.get("basins");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> refined = (Map<String, Map<String, Double>>) metrics.get("ais_basins");
        md.append("\nBasin populations (C7eq/β: φ<0, ψ∈[0.9,π)∪[-π,-2.6); αR: φ<0, ψ∈[-2.6,0.9); "
                + "αL: φ≥0, ψ∈[-0.5,2.6); C7ax: φ≥0, the rest):\n\n| basin | MD | reweighted flow |"
                + (refined == null ? "\n|---|---|---|\n" : " AIS-refined |\n|---|---|---|---|\n"));
        basins.forEach((name, p) -> md.append(String.format("| %s | %.3g | %.3g |", name, p.get("md"),
                p.get("flow_reweighted"))).append(refined == null ? "\n"
                        : String.format(" %.3g |%n", refined.get(name).get("flow_reweighted"))));
        md.append("\n![Ramachandran: MD, flow, reweighted flow](ramachandran.png)\n\n")
                .append("![phi](marginal_phi.png) ![psi](marginal_psi.png)\n\n")
                .append("![training](training.png) ![weights](weights.png)\n");
        org.boltzflow.flows.io.AtomicFiles.writeString(file, md.toString());
    }

    private static void row(StringBuilder md, String label, Metrics metrics, String key, String errorKey) {
        Object value = metrics.get(key);
        Object error = errorKey == null ? null : metrics.get(errorKey);
        md.append("| ").append(label).append(" | ").append(format(value));
        if (error != null) {
            md.append(" ± ").append(format(error));
        }
        md.append(" |\n");
    }

    private static String format(Object value) {
        return value instanceof Double d ? String.format("%.4g", d) : String.valueOf(value);
    }

    private static double[][] grid(TorusHistogram h) {
        double[][] values = new double[h.bins()][h.bins()];
        for (int i = 0; i < h.bins(); i++) {
            for (int j = 0; j < h.bins(); j++) {
                values[j][i] = h.mass(i, j);
            }
        }
        return values;
    }

    private static Plots.Series marginal(String name, double[] angles, double[] weights) {
        double[] x = new double[MARGINAL_BINS];
        double[] y = new double[MARGINAL_BINS];
        double width = 2 * Math.PI / MARGINAL_BINS;
        double total = 0;
        for (int i = 0; i < angles.length; i++) {
            int bin = Math.min(MARGINAL_BINS - 1, Math.max(0, (int) ((angles[i] + Math.PI) / width)));
            double w = weights == null ? 1 : weights[i];
            y[bin] += w;
            total += w;
        }
        for (int b = 0; b < MARGINAL_BINS; b++) {
            x[b] = -Math.PI + (b + 0.5) * width;
            y[b] /= total * width;
        }
        return new Plots.Series(name, x, y);
    }

    private static Plots.Series logWeightHistogram(double[] logWeights) {
        double max = java.util.Arrays.stream(logWeights).max().orElse(0);
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
        return new Plots.Series("samples", x, y);
    }
}
