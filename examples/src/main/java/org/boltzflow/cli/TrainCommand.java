package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow train}: reference MD and training from a preset or a JSON config with the same system options as
 * {@code run}, writing {@code model.json}/{@code model.params} that {@code boltzflow sample} loads. Resumable after
 * Ctrl-C.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a Boltzmann generator (options as for run); writes model.json/model.params.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--preset", description = "default, long or tiny; default: default.")
    String preset;

    @Option(names = "--config", description = "JSON config (see docs/formats.md); default: the default preset.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return GeneratorRuns.run(GeneratorRuns.config(options, preset, config), options, false, spec);
    }
}
