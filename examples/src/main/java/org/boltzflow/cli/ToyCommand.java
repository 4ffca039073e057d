package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow toy}: Train a flow on a 2D toy target and plot its density. */
@Command(name = "toy", mixinStandardHelpOptions = true, description = "Train a flow on a 2D toy target and plot its density.")
final class ToyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'toy' is not implemented yet");
    }
}
