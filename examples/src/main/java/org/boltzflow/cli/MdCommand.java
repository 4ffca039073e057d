package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow md}: Langevin molecular dynamics (BAOAB) in Java. */
@Command(name = "md", mixinStandardHelpOptions = true, description = "Langevin molecular dynamics (BAOAB) in Java.")
final class MdCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'md' is not implemented yet");
    }
}
