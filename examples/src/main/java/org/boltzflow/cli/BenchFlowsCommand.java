package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow flows}: One RealNVP training step against the same model in PyTorch. */
@Command(name = "flows", mixinStandardHelpOptions = true, description = "One RealNVP training step against the same model in PyTorch.")
final class BenchFlowsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'flows' is not implemented yet");
    }
}
