package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code %FLAG} sections of one prmtop file, each cut into fields by its own {@code %FORMAT}, with typed
 * accessors that check the number of values and report the file, flag and line of anything wrong.
 */
final class PrmtopSections {
    /** One section: its flag, format, and data lines with their one-based line numbers in the file. */
    private record Section(String flag, FortranFormat format, int flagLine, List<String> lines, List<Integer> lineNumbers) {}

    /** One field of a section with the file line it came from. */
    private record Field(String text, int line) {}

    private final String file;
    private final int fileLines;
    private final Map<String, Section> sections;

    private PrmtopSections(String file, int fileLines, Map<String, Section> sections) {
        this.file = file;
        this.fileLines = fileLines;
        this.sections = sections;
    }

    /** Splits the lines of a prmtop file into sections; {@code file} names it in error messages. */
    static PrmtopSections parse(String file, List<String> lines) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.startsWith("%FLAG")) {
                String flag = line.substring(5).trim();
                if (flag.isEmpty()) {
                    throw new PrmtopFormatException(file + ":" + lineNumber + ": %FLAG line without a flag name");
                }
                if (sections.containsKey(flag)) {
                    throw new PrmtopFormatException(file + ":" + lineNumber + ": %FLAG " + flag + " appears twice");
                }
                int formatIndex = i + 1;
                while (formatIndex < lines.size() && lines.get(formatIndex).startsWith("%COMMENT")) {
                    formatIndex++;
                }
                if (formatIndex >= lines.size() || !lines.get(formatIndex).startsWith("%FORMAT")) {
                    throw new PrmtopFormatException(file + ":" + (formatIndex + 1) + ": %FLAG " + flag
                            + " is not followed by a %FORMAT line" + (formatIndex >= lines.size() ? " (file ends)" : ""));
                }
                String formatText = lines.get(formatIndex).substring(7);
                FortranFormat format = FortranFormat.parse(formatText);
                if (format == null) {
                    throw new PrmtopFormatException(file + ":" + (formatIndex + 1) + ": %FLAG " + flag
                            + " has an unsupported %FORMAT" + formatText.trim());
                }
                current = new Section(flag, format, lineNumber, new ArrayList<>(), new ArrayList<>());
                sections.put(flag, current);
                i = formatIndex;
            } else if (line.startsWith("%")) {
                continue; // %VERSION, %COMMENT
            } else if (current != null) {
                current.lines().add(line);
                current.lineNumbers().add(lineNumber);
            } else if (!line.isBlank()) {
                throw new PrmtopFormatException(file + ":" + lineNumber + ": data before the first %FLAG line");
            }
        }
        if (sections.isEmpty()) {
            throw new PrmtopFormatException(file + ": no %FLAG sections (not a prmtop file?)");
        }
        return new PrmtopSections(file, lines.size(), sections);
    }

    /** The file name used in messages. */
    String file() {
        return file;
    }

    /** Whether the file has a section with this flag. */
    boolean has(String flag) {
        return sections.containsKey(flag);
    }

    /** All integers of a section, whatever their number (for {@code POINTERS}). */
    int[] ints(String flag) {
        List<Field> fields = nonBlankFields(require(flag));
        int[] values = new int[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parseInt(flag, fields.get(i));
        }
        return values;
    }

    /** Exactly {@code expected} integers of a section. */
    int[] ints(String flag, int expected) {
        int[] values = ints(flag);
        checkCount(require(flag), values.length, expected);
        return values;
    }

    /** Exactly {@code expected} reals of a section. */
    double[] reals(String flag, int expected) {
        Section section = require(flag);
        List<Field> fields = nonBlankFields(section);
        checkCount(section, fields.size(), expected);
        double[] values = new double[expected];
        for (int i = 0; i < expected; i++) {
            Field f = fields.get(i);
            try {
                values[i] = Double.parseDouble(f.text().replace('D', 'E').replace('d', 'e'));
            } catch (NumberFormatException e) {
                throw new PrmtopFormatException(where(section, f.line()) + ": '" + f.text() + "' is not a number");
            }
            if (!Double.isFinite(values[i])) {
                throw new PrmtopFormatException(where(section, f.line()) + ": '" + f.text() + "' is not finite");
            }
        }
        return values;
    }

    /** Exactly {@code expected} reals of a section, or null when the file has no such section. */
    double[] optionalReals(String flag, int expected) {
        return has(flag) ? reals(flag, expected) : null;
    }

    /** Exactly {@code expected} text fields of a section, trimmed; blank padding after them is ignored. */
    String[] texts(String flag, int expected) {
        Section section = require(flag);
        List<Field> fields = allFields(section);
        int count = fields.size();
        while (count > expected && fields.get(count - 1).text().isBlank()) {
            count--;
        }
        checkCount(section, count, expected);
        return fields.subList(0, expected).stream().map(f -> f.text().trim()).toArray(String[]::new);
    }

    private Section require(String flag) {
        Section section = sections.get(flag);
        if (section == null) {
            throw new PrmtopFormatException(file + ": missing %FLAG " + flag);
        }
        return section;
    }

    private void checkCount(Section section, int found, int expected) {
        if (found == expected) {
            return;
        }
        int last = section.lineNumbers().isEmpty() ? section.flagLine() + 1
                : section.lineNumbers().get(section.lineNumbers().size() - 1);
        boolean atEnd = last >= fileLines && found < expected;
        throw new PrmtopFormatException(file + ": %FLAG " + section.flag() + " (line " + section.flagLine() + ") holds "
                + found + " values but " + expected + " were expected; the section ends at line " + last
                + (atEnd ? ", the end of the file (truncated?)" : ""));
    }

    private String where(Section section, int line) {
        return file + ":" + line + ": %FLAG " + section.flag();
    }

    private int parseInt(String flag, Field f) {
        try {
            return Integer.parseInt(f.text());
        } catch (NumberFormatException e) {
            throw new PrmtopFormatException(where(sections.get(flag), f.line()) + ": '" + f.text() + "' is not an integer");
        }
    }

    private static List<Field> nonBlankFields(Section section) {
        List<Field> fields = new ArrayList<>();
        for (Field f : allFields(section)) {
            String text = f.text().trim();
            if (!text.isEmpty()) {
                fields.add(new Field(text, f.line()));
            }
        }
        return fields;
    }

    private static List<Field> allFields(Section section) {
        FortranFormat format = section.format();
        List<Field> fields = new ArrayList<>();
        for (int l = 0; l < section.lines().size(); l++) {
            String line = section.lines().get(l);
            int length = format.kind() == FortranFormat.Kind.TEXT ? line.length() : line.stripTrailing().length();
            for (int k = 0; k < format.perLine() && k * format.width() < length; k++) {
                int start = k * format.width();
                fields.add(new Field(line.substring(start, Math.min(start + format.width(), length)), section.lineNumbers().get(l)));
            }
        }
        return fields;
    }
}
