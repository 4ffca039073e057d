package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow energy}: Energies (and forces) of coordinates with AMBER or MMFF94. */
@Command(name = "energy", mixinStandardHelpOptions = true, description = "Energies (and forces) of coordinates with AMBER or MMFF94.")
final class EnergyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'energy' is not implemented yet");
    }
}
