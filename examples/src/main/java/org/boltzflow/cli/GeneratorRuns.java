package org.boltzflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.boltzflow.examples.generator.GeneratorJob;
import org.boltzflow.examples.generator.RunConfig;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.RunDirectory;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code run} and {@code train} do with a config: the job in a run folder, stoppable by Ctrl-C. */
final class GeneratorRuns {
    private GeneratorRuns() {}

    /** The config of {@code run}/{@code train}: a preset or a config file, the command line's overrides applied. */
    static RunConfig config(RunOptions options, String preset, Path configFile) throws java.io.IOException {
        if (configFile != null && preset != null) {
            throw new IllegalArgumentException("give --config or --preset, not both (a config names its preset with "
                    + "the key \"preset\")");
        }
        RunConfig base = configFile == null ? RunConfig.preset(preset == null ? "default" : preset)
                : RunConfig.read(configFile);
        return options.config(base, preset != null || configFile != null);
    }

    /** Runs the job; with {@code sample} false it stops after saving the trained model. */
    static int run(RunConfig config, RunOptions options, boolean sample, CommandSpec spec) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (InterruptGuard guard = new InterruptGuard()) {
            GeneratorJob job = new GeneratorJob(config, null, null, System.err);
            String name = Path.of(config.prmtop()).getFileName().toString().replaceFirst("\\.[^.]*$", "");
            RunDirectory dir = options.directory(spec.name(), name);
            Path cache = dir.cacheFolder(options.cache, Path.of(System.getProperty("boltzflow.data", "data"),
                    "cache"));
            job = new GeneratorJob(config, dir.root(), cache, System.err);
            out.println("boltzflow: " + name + " (" + job.forceField().topology().atomCount() + " atoms), "
                    + config.solvent() + ", " + config.temperature() + " K, method " + config.method() + ", seed "
                    + config.seed() + ", " + config.threads() + " threads -> " + dir.root());
            out.flush();
            Metrics metrics = job.run(guard::requested, sample);
            if (metrics == null) {
                out.println("stopped early; continue with: boltzflow " + spec.name() + " --resume " + dir.root());
                out.flush();
                return 130;
            }
            out.println(sample ? summary(metrics) : "trained model written to " + dir.resolve("model.json"));
            out.println("outputs in " + dir.root());
            out.flush();
            return 0;
        }
    }

    private static String summary(Metrics m) {
        return String.format("reverse ESS %s ± %s, forward ESS %s, %s energy evaluations, %s s training",
                Metrics.format(m.get("reverse_ess")), Metrics.format(m.get("reverse_ess_err")),
                Metrics.format(m.get("forward_ess")), m.get("energy_evaluations"),
                Metrics.format(m.get("train_seconds")));
    }
}
