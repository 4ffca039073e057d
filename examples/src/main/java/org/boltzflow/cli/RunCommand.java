package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.boltzflow.examples.generator.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow run}: a Boltzmann generator end to end (reference MD or the user's trajectory, training,
 * reweighted samples, analysis along CVs and states, report), resumable after Ctrl-C. Without a system it runs
 * alanine dipeptide; {@code --prmtop P --coords X} runs any AMBER system without periodic box.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "A Boltzmann generator end to end (MD, training, reweighted samples, free energies, report); "
                + "alanine dipeptide unless --prmtop/--coords name another system.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--preset", description = "default (about 7 min on 2 cores for alanine dipeptide), long "
            + "(about 40 min, with AIS refinement) or tiny (seconds); default: default.")
    String preset;

    @Option(names = "--config", description = "JSON config (see docs/formats.md); its \"preset\" key names the preset it "
            + "starts from.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return GeneratorRuns.run(GeneratorRuns.config(options, preset, config), options, true, spec);
    }
}
