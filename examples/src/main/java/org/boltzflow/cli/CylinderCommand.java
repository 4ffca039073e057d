package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow cylinder}: The cylinder example: an unbounded and a circular coordinate, by reverse KL. */
@Command(name = "cylinder", mixinStandardHelpOptions = true, description = "The cylinder example: an unbounded and a circular coordinate, by reverse KL.")
final class CylinderCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'cylinder' is not implemented yet");
    }
}
