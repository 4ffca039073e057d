package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow amber}: AMBER energy+forces and MD throughput against OpenMM. */
@Command(name = "amber", mixinStandardHelpOptions = true, description = "AMBER energy+forces and MD throughput against OpenMM.")
final class BenchAmberCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'amber' is not implemented yet");
    }
}
