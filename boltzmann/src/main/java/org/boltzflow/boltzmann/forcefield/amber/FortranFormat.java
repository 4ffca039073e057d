package org.boltzflow.boltzmann.forcefield.amber;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Fortran edit descriptor as a prmtop {@code %FORMAT} line gives it, e.g. {@code (10I8)}, {@code (5E16.8)},
 * {@code (20a4)}: how many fields a line holds, their kind (integer, real or text) and their width in columns.
 */
record FortranFormat(int perLine, Kind kind, int width) {
    /** The kind of value a field holds. */
    enum Kind { INTEGER, REAL, TEXT }

    private static final Pattern DESCRIPTOR = Pattern.compile(
            "\\(\\s*(\\d{0,4})\\s*([A-Za-z])\\s*(\\d{1,4})(?:\\.\\d{1,4})?\\s*\\)");

    /**
     * Parses the text after {@code %FORMAT}; returns null when it is not a single repeat-count descriptor (counts and
     * widths of at most four digits).
     */
    static FortranFormat parse(String text) {
        Matcher m = DESCRIPTOR.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        int count = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
        int width = Integer.parseInt(m.group(3));
        Kind kind = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "I" -> Kind.INTEGER;
            case "E", "F", "D", "G" -> Kind.REAL;
            case "A" -> Kind.TEXT;
            default -> null;
        };
        return kind == null || count < 1 || width < 1 ? null : new FortranFormat(count, kind, width);
    }
}
