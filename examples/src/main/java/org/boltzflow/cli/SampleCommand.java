package org.boltzflow.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.boltzflow.examples.generator.GeneratorJob;
import org.boltzflow.examples.generator.RunConfig;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow sample --model DIR -n N --out DIR}: draws samples from the model a {@code run} or {@code train}
 * saved, with importance weights from the true energy; writes {@code samples.dcd}, {@code weights.npy},
 * {@code log_weights.npy}, {@code energies.npy} and {@code metrics.json}. The same seed gives the same samples.
 * With AIS or SMC refinement (the run's {@code ais} settings or {@code --ais-chains}), also {@code ais_samples.dcd} and
 * {@code ais_weights.npy}. The system options may change the solvent or temperature the samples are weighted in;
 * a prmtop other than the model's is refused before any work. With {@code --reference} frames, the metrics also
 * compare the samples with them and estimate the states' populations by BAR per state.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample a trained Boltzmann generator and weight the samples by the true energy.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run folder holding model.json, model.params, "
            + "system.json and config.json.")
    Path model;

    @Mixin
    SystemOptions system;

    @Option(names = {"-n", "--samples"}, defaultValue = "100000", description = "Number of samples, >= 2 "
            + "(default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", description = "Sampling seed (default: the run's seed, which reproduces its samples).")
    Long seed;

    @Option(names = "--out", description = "Output folder (default: runs/sample-<timestamp>); not another "
            + "command's folder.")
    Path out;

    @Option(names = "--ais-chains", description = "AIS or SMC refinement chains, 0 for none; given, the samples "
            + "are refined whatever the flow's ESS (default: the run's ais.samples, when its ESS is below "
            + "ais.whenEssBelow).")
    Integer aisChains;

    @Option(names = "--ais-levels", description = "Intermediate densities of the refinement (default: the run's "
            + "ais.levels).")
    Integer aisLevels;

    @Option(names = "--refine", description = "Refinement method: ais, or smc (AIS with resampling) (default: the "
            + "run's ais.method).")
    String refine;

    @Option(names = "--ais-kernel", description = "Moves of the refinement: rwm (random-walk Metropolis) or hmc "
            + "(Hamiltonian Monte Carlo) (default: the run's ais.kernel).")
    String aisKernel;

    @Option(names = "--reference", description = "Frames of the system in equilibrium, at least within each state "
            + "(e.g. MD; .dcd, .pdb or .npy in nm): the samples are compared with them as a run compares with its "
            + "MD (forward ESS, KL, populations), and each state's population is also estimated by BAR between the "
            + "samples and these frames.")
    Path reference;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path configFile = model.resolve("config.json");
        if (!Files.exists(configFile)) {
            throw new IllegalArgumentException(model + ": no config.json here; --model takes the folder of a run");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("-n must be at least 2, got " + samples);
        }
        RunConfig config = RunConfig.read(configFile);
        JsonObject o = new JsonObject();
        if (system.prmtop != null) {
            o.addProperty("prmtop", system.prmtop.toAbsolutePath().toString());
        }
        if (system.solvent != null) {
            o.addProperty("solvent", system.solvent);
        }
        o.addProperty("temperature", system.temperature(config.temperature()));
        o.addProperty("threads", system.threads(config.threads()));
        o.addProperty("seed", seed == null ? config.seed() : seed);
        o.addProperty("samples", samples);
        JsonObject ais = new JsonObject();
        ais.addProperty("samples", aisChains == null ? config.ais().samples() : aisChains);
        if (aisChains != null) {
            ais.addProperty("whenEssBelow", 1);
        }
        ais.addProperty("levels", aisLevels == null ? config.ais().levels() : aisLevels);
        ais.addProperty("method", refine == null ? config.ais().method() : refine);
        ais.addProperty("kernel", aisKernel == null ? config.ais().kernel() : aisKernel);
        o.add("ais", ais);
        config = config.with(o, "command line");
        GeneratorJob.checkModel(model, config);
        RunDirectory dir = RunDirectory.claim(out, "sample", "sample");
        Metrics metrics = new GeneratorJob(config, dir.root(), null, System.err)
                .sampleSaved(model, samples, config.seed(), "", reference);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%d samples: reverse ESS %s ± %s, dF = %s ± %s kJ/mol%n", samples,
                Metrics.format(metrics.get("reverse_ess")), Metrics.format(metrics.get("reverse_ess_err")),
                Metrics.format(metrics.get("delta_f_kj_mol")), Metrics.format(metrics.get("delta_f_err_kj_mol")));
        if (metrics.get("ais_ess") != null) {
            pw.printf("%s %s chains: ESS %s ± %s, dF = %s ± %s kJ/mol%n", metrics.get("ais_samples"),
                    config.ais().method().toUpperCase(java.util.Locale.ROOT),
                    Metrics.format(metrics.get("ais_ess")), Metrics.format(metrics.get("ais_ess_err")),
                    Metrics.format(metrics.get("ais_delta_f_kj_mol")),
                    Metrics.format(metrics.get("ais_delta_f_err_kj_mol")));
        }
        if (reference != null) {
            printBar(pw, metrics);
        }
        pw.println("outputs in " + dir.root());
        pw.flush();
        return 0;
    }

    /** One line of the states' populations by BAR between the samples and the reference frames. */
    @SuppressWarnings("unchecked")
    private static void printBar(PrintWriter pw, Metrics metrics) {
        Map<String, Map<String, Double>> states = (Map<String, Map<String, Double>>) metrics.get("states");
        if (states == null || states.values().stream().anyMatch(s -> s.get("bar") == null)) {
            return;
        }
        StringBuilder line = new StringBuilder("populations by BAR per state (samples and reference frames):");
        states.forEach((name, s) -> line.append(' ').append(name).append(' ').append(Metrics.format(s.get("bar")))
                .append(" ± ").append(Metrics.format(s.get("bar_err"))).append(';'));
        pw.println(line.substring(0, line.length() - 1));
    }
}
