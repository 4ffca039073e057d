package org.boltzflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code boltzflow minimize}: MMFF94 minimization of molecules from SDF or SMILES. */
@Command(name = "minimize", mixinStandardHelpOptions = true, description = "MMFF94 minimization of molecules from SDF or SMILES.")
final class MinimizeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("'minimize' is not implemented yet");
    }
}
