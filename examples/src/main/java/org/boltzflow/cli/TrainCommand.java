package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.boltzflow.examples.alanine.AlanineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow train --config FILE.json}: reference MD and training from a JSON config (settings left out take
 * the {@code default} preset's values, or those of {@code "preset"}), writing {@code model.json}/{@code model.params}
 * that {@code boltzflow sample} loads. Resumable after Ctrl-C.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a Boltzmann generator from a JSON config; writes model.json/model.params.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", description = "JSON config (see docs/formats.md); default: the default preset.")
    Path config;

    @Mixin
    AlanineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AlanineConfig base = config == null ? AlanineConfig.preset("default") : AlanineConfig.read(config);
        return AlanineRuns.run(options.config(base), options, false, spec);
    }
}
