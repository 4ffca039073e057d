package org.boltzflow.boltzmann.forcefield.amber;

import java.util.Locale;

/**
 * The solvent model of an {@link AmberForceField}: vacuum, or generalized Born implicit solvent GB-OBC1 / GB-OBC2
 * with the ACE surface-area term, as OpenMM's {@code implicitSolvent=OBC1|OBC2}.
 */
public enum Solvent {
    /** No solvent: bonded terms, Lennard-Jones and Coulomb only. */
    VACUUM,
    /** GB-OBC with α, β, γ = 0.8, 0, 2.909125 (Amber igb=2), plus ACE. */
    OBC1,
    /** GB-OBC with α, β, γ = 1, 0.8, 4.85 (Amber igb=5), plus ACE. */
    OBC2;

    /** Parses {@code vacuum}, {@code obc1} or {@code obc2} (any case). */
    public static Solvent parse(String name) {
        for (Solvent s : values()) {
            if (s.name().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown solvent '" + name + "': use vacuum, obc1 or obc2");
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
