package org.boltzflow.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that name a molecular system and how it is computed, shared by the commands that take one: an AMBER
 * prmtop (no periodic box), its implicit solvent, the temperature and the thread count. Unset options are null, so
 * each command keeps its own defaults (or those of a config file).
 */
final class SystemOptions {
    @Option(names = "--prmtop", description = "AMBER topology (prmtop) without periodic box.")
    Path prmtop;

    @Option(names = "--solvent", description = "Implicit solvent: vacuum, obc1 or obc2.")
    String solvent;

    @Option(names = "--temperature", description = "Temperature in K.")
    Double temperature;

    @Option(names = "--threads", description = "Threads for MD chains and energy evaluations (results do not depend "
            + "on it).")
    Integer threads;

    /** The solvent given, else {@code fallback}. */
    String solvent(String fallback) {
        return solvent != null ? solvent : fallback;
    }

    /** The temperature given (checked to be positive and finite), else {@code fallback}. */
    double temperature(double fallback) {
        if (temperature == null) {
            return fallback;
        }
        if (!(temperature > 0) || temperature.isInfinite()) {
            throw new IllegalArgumentException("--temperature must be a finite number of kelvin > 0, got "
                    + temperature);
        }
        return temperature;
    }

    /** The thread count given (checked), else {@code fallback}. */
    int threads(int fallback) {
        if (threads == null) {
            return fallback;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        return threads;
    }
}
