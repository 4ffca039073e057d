package org.boltzflow.cli;

import java.util.concurrent.Callable;
import org.boltzflow.examples.alanine.AlanineConfig;
import org.boltzflow.examples.alanine.AlanineJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow run}: the alanine-dipeptide Boltzmann generator end to end on a preset (reference MD, training,
 * reweighted samples, report), resumable after Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The main job: the alanine-dipeptide Boltzmann generator end to end (MD, training, "
                + "reweighted samples, report).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    AlanineOptions options;

    @Option(names = "--preset",
            description = "default (under 20 min on 2 cores), long (about 50 min, with AIS refinement) or tiny "
                    + "(seconds); default: default.")
    String preset;

    @Option(names = "--config", description = "JSON config (see docs/formats.md) instead of a preset; its \"preset\" key "
            + "names the preset it starts from.")
    java.nio.file.Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (config != null && preset != null) {
            throw new IllegalArgumentException("give --config or --preset, not both (a config names its preset with "
                    + "the key \"preset\")");
        }
        AlanineConfig base = config == null ? AlanineConfig.preset(preset == null ? "default" : preset)
                : AlanineConfig.read(config);
        return AlanineRuns.run(options.config(base), options, true, spec);
    }
}
