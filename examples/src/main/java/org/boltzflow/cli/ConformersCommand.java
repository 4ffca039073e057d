package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow conformers}: Boltzmann-weighted conformers of a small molecule. */
@Command(name = "conformers", mixinStandardHelpOptions = true, description = "Boltzmann-weighted conformers of a small molecule.")
final class ConformersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'conformers' is not implemented yet");
    }
}
