package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow estimate}: Free energies, ESS and expectations from weighted samples, with error bars. */
@Command(name = "estimate", mixinStandardHelpOptions = true, description = "Free energies, ESS and expectations from weighted samples, with error bars.")
final class EstimateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'estimate' is not implemented yet");
    }
}
