package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow train}: Train a flow from a JSON/YAML configuration. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a flow from a JSON/YAML configuration.")
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'train' is not implemented yet");
    }
}
