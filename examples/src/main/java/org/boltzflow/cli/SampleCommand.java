package org.boltzflow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.boltzflow.examples.alanine.AlanineConfig;
import org.boltzflow.examples.alanine.AlanineJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow sample --model DIR -n N --out DIR}: draws samples from the model a {@code run} or {@code train}
 * saved, with importance weights from the true energy; writes {@code samples.dcd}, {@code weights.npy},
 * {@code log_weights.npy}, {@code energies.npy} and {@code metrics.json}. The same seed gives the same samples.
 * With AIS refinement (the run's {@code ais} settings or {@code --ais-chains}), also {@code ais_samples.dcd} and
 * {@code ais_weights.npy}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample a trained Boltzmann generator and weight the samples by the true energy.")
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run folder holding model.json, model.params and config.json.")
    Path model;

    @Option(names = {"-n", "--samples"}, defaultValue = "100000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", description = "Sampling seed (default: the run's seed, which reproduces its samples).")
    Long seed;

    @Option(names = "--threads", description = "Threads (default: the run's).")
    Integer threads;

    @Option(names = "--out", description = "Output folder (default: runs/sample-<timestamp>).")
    Path out;

    @Option(names = "--ais-chains", description = "AIS refinement chains, 0 for none (default: the run's ais.samples).")
    Integer aisChains;

    @Option(names = "--ais-levels", description = "AIS intermediate densities (default: the run's ais.levels).")
    Integer aisLevels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path configFile = model.resolve("config.json");
        if (!Files.exists(configFile)) {
            throw new IllegalArgumentException(model + ": no config.json here; --model takes the folder of a run");
        }
        AlanineConfig config = AlanineConfig.read(configFile).with(null, seed, threads, samples);
        AlanineConfig.Ais ais = config.ais();
        config = config.withAis(new AlanineConfig.Ais(aisChains == null ? ais.samples() : aisChains,
                aisLevels == null ? ais.levels() : aisLevels, ais.transitions(), ais.stepSize()));
        RunDirectory dir = RunDirectory.create(out, "sample");
        Metrics metrics = new AlanineJob(config, dir.root(), null, System.err)
                .sampleSaved(model, samples, config.seed());
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%d samples: reverse ESS %.4f ± %.4f, dF(C7eq/beta - alphaR) = %.2f ± %.2f kJ/mol%n", samples,
                metrics.get("reverse_ess"), metrics.get("reverse_ess_err"), metrics.get("delta_f_kj_mol"),
                metrics.get("delta_f_err_kj_mol"));
        if (metrics.get("ais_ess") != null) {
            pw.printf("%d AIS chains: ESS %.4f ± %.4f, dF(C7eq/beta - alphaR) = %.2f ± %.2f kJ/mol%n",
                    metrics.get("ais_samples"), metrics.get("ais_ess"), metrics.get("ais_ess_err"),
                    metrics.get("ais_delta_f_kj_mol"), metrics.get("ais_delta_f_err_kj_mol"));
        }
        pw.println("outputs in " + dir.root());
        pw.flush();
        return 0;
    }
}
