package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow run}: The main job: the alanine-dipeptide Boltzmann generator end to end. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "The main job: the alanine-dipeptide Boltzmann generator end to end.")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'run' is not implemented yet");
    }
}
