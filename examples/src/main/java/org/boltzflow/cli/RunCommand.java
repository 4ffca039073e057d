package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow run}: the main job. Until the alanine-dipeptide Boltzmann generator exists it runs the 2D toy
 * demo ({@link ToyCommand}) with the same options.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The main job (for now: the 2D toy demo, as 'boltzflow toy').")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ToyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return ToyCommand.run(options, spec.commandLine().getOut());
    }
}
