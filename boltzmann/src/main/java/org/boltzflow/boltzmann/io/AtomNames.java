package org.boltzflow.boltzmann.io;

/**
 * Compares atom names across naming conventions: PDB version 2 writes a hydrogen's leading digit first
 * ({@code 1HH3}) where AMBER and PDB version 3 write it last ({@code HH31}); both name the same atom.
 */
public final class AtomNames {
    private AtomNames() {}

    /** The name trimmed, with a leading digit moved to the end. */
    public static String canonical(String name) {
        String trimmed = name.trim();
        if (trimmed.length() > 1 && Character.isDigit(trimmed.charAt(0))) {
            return trimmed.substring(1) + trimmed.charAt(0);
        }
        return trimmed;
    }

    /** Whether two names denote the same atom under either convention. */
    public static boolean same(String a, String b) {
        return canonical(a).equalsIgnoreCase(canonical(b));
    }
}
