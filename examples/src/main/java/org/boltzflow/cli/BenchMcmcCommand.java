package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow mcmc}: HMC transitions per second and AIS cost per effective sample. */
@Command(name = "mcmc", mixinStandardHelpOptions = true, description = "HMC transitions per second and AIS cost per effective sample.")
final class BenchMcmcCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'mcmc' is not implemented yet");
    }
}
