package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow sample}: Draw samples (with importance weights) from a saved model. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw samples (with importance weights) from a saved model.")
final class SampleCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'sample' is not implemented yet");
    }
}
