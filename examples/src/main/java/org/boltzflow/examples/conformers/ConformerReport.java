package org.boltzflow.examples.conformers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.conformers.ConformerEnsemble;
import org.boltzflow.boltzmann.conformers.ConformerFiles;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.Plots;
import org.boltzflow.report.RunDirectory;

/**
 * Writes everything a conformer search produces into one folder: {@code conformers.sdf}, {@code ensemble.sdf},
 * {@code weights.npy}, a torsion-distribution plot per rotatable bond, a population bar chart, {@code report.md},
 * and last {@code metrics.json} (its presence marks the molecule finished).
 */
public final class ConformerReport {
    /** Torsion histogram bins over [-180, 180) degrees. */
    private static final int BINS = 36;

    private ConformerReport() {}

    /** Writes the outputs of {@code ensemble} into {@code dir} and returns its metrics. */
    public static Metrics write(RunDirectory dir, ConformerEnsemble ensemble, double window, String preset,
            long seed) throws IOException {
        List<ConformerEnsemble.Conformer> kept = ensemble.within(window);
        ConformerFiles.writeConformers(dir.resolve("conformers.sdf"), ensemble, window);
        ConformerFiles.writeEnsemble(dir.resolve("ensemble.sdf"), dir.resolve("weights.npy"), ensemble);
        List<String> torsionPlots = new ArrayList<>();
        for (int t = 0; t < ensemble.torsions().size(); t++) {
            Dihedral d = ensemble.torsions().get(t);
            String file = "torsion-" + (t + 1) + ".png";
            double[][] histogram = histogram(ensemble, d);
            Plots.chart(dir.resolve(file), "Torsion " + d.name() + " (atoms " + (d.a() + 1) + "-" + (d.b() + 1) + "-"
                    + (d.c() + 1) + "-" + (d.d() + 1) + ")", "dihedral (degrees)", "probability density (1/degree)",
                    List.of(new Plots.Series("Boltzmann-weighted samples", histogram[0], histogram[1])), false);
            torsionPlots.add(file);
        }
        List<String> labels = new ArrayList<>();
        List<Double> populations = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (int k = 0; k < kept.size(); k++) {
            labels.add(Integer.toString(k + 1));
            populations.add(kept.get(k).population());
            errors.add(kept.get(k).populationError());
        }
        if (!kept.isEmpty()) {
            Plots.bars(dir.resolve("populations.png"), "Conformer populations at " + fmt(ensemble.temperature(), 1)
                    + " K", "conformer", "population", labels, populations, errors);
        }
        Metrics metrics = metrics(ensemble, kept, window, preset, seed);
        dir.writeString("report.md", markdown(ensemble, kept, metrics, torsionPlots));
        metrics.write(dir.resolve("metrics.json"));
        return metrics;
    }

    /** Bin centres (degrees) and the weighted probability density of one torsion over the samples. */
    private static double[][] histogram(ConformerEnsemble ensemble, Dihedral d) {
        double width = 360.0 / BINS;
        double[] centres = new double[BINS];
        double[] density = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            centres[b] = -180 + (b + 0.5) * width;
        }
        double[][] samples = ensemble.samples();
        for (int i = 0; i < samples.length; i++) {
            double degrees = Math.toDegrees(d.value(samples[i]));
            int bin = Math.min(BINS - 1, Math.max(0, (int) Math.floor((degrees + 180) / width)));
            density[bin] += ensemble.weights()[i] / width;
        }
        return new double[][] {centres, density};
    }

    private static Metrics metrics(ConformerEnsemble e, List<ConformerEnsemble.Conformer> kept, double window,
            String preset, long seed) {
        Map<String, Object> stereo = new LinkedHashMap<>();
        stereo.put("tetrahedral_centres", e.stereoCentres());
        stereo.put("double_bonds", e.stereoBonds());
        Metrics metrics = new Metrics().put("status", "finished")
                .put("name", e.input().name())
                .put("smiles", e.input().smiles())
                .put("temperature_k", e.temperature())
                .put("window_kj_mol", window)
                .put("preset", preset)
                .put("seed", seed)
                .put("sampler", e.flow() == null ? "md" : "flow")
                .put("samples", e.samples().length)
                .put("ess", e.kishFraction() * e.samples().length)
                .put("ess_fraction", e.kishFraction())
                .put("invalid_draws", e.invalidSamples())
                .put("stereo_checked", stereo)
                .put("minima", e.minima())
                .put("conformers_total", e.conformers().size())
                .put("conformers", kept.size())
                .put("top_population", kept.isEmpty() ? Double.NaN : kept.get(0).population())
                .put("lowest_energy_kj_mol", e.lowestEnergy())
                .put("exchange_acceptance", e.exchangeAcceptance())
                .put("energy_evaluations", e.energyEvaluations())
                .put("seconds", e.seconds())
                .put("warnings", e.input().warnings());
        return e.flow() == null ? metrics : metrics.put("flow", flow(e.flow()));
    }

    /** The flow stage's record: training frames and steps, draws, energy evaluations, seconds. */
    private static Map<String, Object> flow(ConformerEnsemble.FlowStage stage) {
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("training_frames", stage.trainingFrames());
        flow.put("training_steps", stage.trainingSteps());
        flow.put("draws", stage.draws());
        flow.put("energy_evaluations", stage.energyEvaluations());
        flow.put("seconds", stage.seconds());
        return flow;
    }

    private static String markdown(ConformerEnsemble e, List<ConformerEnsemble.Conformer> kept, Metrics m,
            List<String> torsionPlots) {
        StringBuilder md = new StringBuilder();
        md.append("# Conformers of ").append(e.input().name()).append("\n\n");
        md.append("SMILES `").append(e.input().smiles()).append("`, MMFF94, ").append(fmt(e.temperature(), 1))
                .append(" K. ").append(e.samples().length).append(e.flow() == null ? " samples from" : " draws "
                        + "of a normalizing flow trained on " + e.flow().trainingFrames() + " samples of")
                .append(" replica-exchange Langevin MD (").append(e.exchangeAcceptance().length + 1)
                .append(e.flow() == null ? " temperatures, weighted by MBAR for this one), ESS "
                        : " temperatures), ESS ")
                .append(fmt((Double) m.get("ess"), 1)).append(", ").append(e.invalidSamples())
                .append(" with changed stereochemistry (weight zero), ").append(e.minima())
                .append(" distinct minima merged into ").append(e.conformers().size()).append(" conformers; ")
                .append(kept.size()).append(" within ").append(fmt((Double) m.get("window_kj_mol"), 1))
                .append(" kJ/mol of free energy of the most populated. ")
                .append(e.energyEvaluations()).append(" energy evaluations, ").append(fmt(e.seconds(), 1))
                .append(" s.\n\n");
        for (String w : e.input().warnings()) {
            md.append("Warning: ").append(w).append("\n\n");
        }
        md.append("| conformer | population | G (kJ/mol) | MMFF94 E (kJ/mol) | E - E_min (kJ/mol) | samples |\n");
        md.append("|---|---|---|---|---|---|\n");
        double lowest = e.lowestEnergy();
        for (int k = 0; k < kept.size(); k++) {
            ConformerEnsemble.Conformer c = kept.get(k);
            md.append("| ").append(k + 1).append(" | ").append(fmt(c.population(), 4)).append(" ± ")
                    .append(fmt(c.populationError(), 4)).append(" | ").append(fmt(c.freeEnergy(), 2)).append(" | ")
                    .append(fmt(c.energy(), 3)).append(" | ").append(fmt(c.energy() - lowest, 3)).append(" | ")
                    .append(c.samples()).append(" |\n");
        }
        md.append("\nPopulations are the Boltzmann weight of each conformer's basin (samples minimized into it), "
                + "errors one standard deviation over a block bootstrap; G = -kT ln p.\n\n");
        if (!kept.isEmpty()) {
            md.append("![populations](populations.png)\n\n");
        }
        md.append("## Torsions of the rotatable bonds\n\n");
        if (torsionPlots.isEmpty()) {
            md.append("No rotatable bonds.\n");
        }
        for (int t = 0; t < torsionPlots.size(); t++) {
            md.append("![").append(e.torsions().get(t).name()).append("](").append(torsionPlots.get(t))
                    .append(")\n\n");
        }
        return md.toString();
    }

    private static String fmt(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
