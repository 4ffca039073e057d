package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.flows.io.TextFiles;

/**
 * PDB files with one or many models ({@code MODEL}/{@code ENDMDL}): reads atom records, coordinates (Å on disk,
 * nm in memory), {@code CRYST1} unit cells and {@code CONECT} bonds; writes one model per frame with
 * {@code CONECT} records for the topology's bonds. Coordinates on disk have 3 decimals in Å, so a round trip is
 * exact to 5e-5 nm. Errors name the file, the line and what is wrong.
 */
public final class PdbFile {
    private static final double MAX_ANGSTROM = 9999.9995;

    private PdbFile() {}

    /** Reads every model of a PDB file; every model must list the same atoms as the first. */
    public static PdbStructure read(Path file) throws IOException {
        List<String> lines = TextFiles.readLatin1Lines(file);
        return new Reader(file.toString()).parse(lines);
    }

    /** Parsing state of one file. */
    private static final class Reader {
        private final String source;
        private final List<PdbAtom> atoms = new ArrayList<>();
        private final List<double[]> frames = new ArrayList<>();
        private final List<UnitCell> cells = new ArrayList<>();
        private final List<int[]> conect = new ArrayList<>();
        private final List<Integer> conectLines = new ArrayList<>();
        private final List<Double> current = new ArrayList<>();
        private UnitCell cell;
        private boolean firstModelDone;

        Reader(String source) {
            this.source = source;
        }

        PdbStructure parse(List<String> lines) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int number = i + 1;
                String record = line.length() >= 6 ? line.substring(0, 6) : line;
                if (record.startsWith("ATOM") || record.startsWith("HETATM")) {
                    atomRecord(line, number);
                } else if (record.startsWith("ENDMDL")) {
                    endModel(number);
                } else if (record.startsWith("CRYST1")) {
                    cell = cryst1(line, number);
                } else if (record.startsWith("CONECT")) {
                    conect.add(conectSerials(line, number));
                    conectLines.add(number);
                } else if (record.trim().equals("END")) {
                    break;
                }
            }
            if (!current.isEmpty()) {
                endModel(lines.size());
            }
            if (frames.isEmpty()) {
                throw new InvalidInputException(source, "no ATOM or HETATM records");
            }
            List<UnitCell> frameCells = cells.contains(null) ? List.of() : cells;
            return new PdbStructure(source, atoms, bonds(), new Trajectory(atoms.size(), frames, frameCells));
        }

        private void atomRecord(String line, int number) {
            if (line.length() < 54) {
                throw new InvalidInputException(source, number, "atom record is " + line.length()
                        + " characters long, coordinates need columns 31-54: '" + line + "'");
            }
            int index = current.size() / 3;
            String name = line.substring(12, 16);
            if (!firstModelDone) {
                String element = line.length() >= 78 ? line.substring(76, 78).trim() : "";
                atoms.add(new PdbAtom(integer(line, 6, 11, number, "serial number"), name, line.substring(17, 20).trim(),
                        integer(line, 22, 26, number, "residue number"), line.substring(21, 22).trim(), element, number));
            } else if (index >= atoms.size()) {
                throw new InvalidInputException(source, number, "model " + (frames.size() + 1)
                        + " has more atoms than the first model (" + atoms.size() + ")");
            } else if (!AtomNames.same(name, atoms.get(index).name())) {
                throw new InvalidInputException(source, number, "model " + (frames.size() + 1)
                        + " atom " + (index + 1) + " is " + name.trim() + ", the first model has "
                        + atoms.get(index).name().trim());
            }
            for (int axis = 0; axis < 3; axis++) {
                current.add(decimal(line, 30 + 8 * axis, 38 + 8 * axis, number, "xyz".charAt(axis) + " coordinate")
                        / Units.ANGSTROM_PER_NM);
            }
        }

        private void endModel(int number) {
            if (!firstModelDone) {
                firstModelDone = true;
            } else if (current.size() != 3 * atoms.size()) {
                throw new InvalidInputException(source, number, "model " + (frames.size() + 1)
                        + " has " + current.size() / 3 + " atoms, the first model has " + atoms.size());
            }
            frames.add(current.stream().mapToDouble(Double::doubleValue).toArray());
            cells.add(cell);
            current.clear();
        }

        private UnitCell cryst1(String line, int number) {
            double[] v = new double[6];
            int[] starts = {6, 15, 24, 33, 40, 47};
            int[] ends = {15, 24, 33, 40, 47, 54};
            for (int k = 0; k < 6; k++) {
                v[k] = decimal(line, starts[k], ends[k], number, "CRYST1 field " + (k + 1));
            }
            try {
                return new UnitCell(v[0] / Units.ANGSTROM_PER_NM, v[1] / Units.ANGSTROM_PER_NM, v[2] / Units.ANGSTROM_PER_NM, v[3], v[4],
                        v[5]);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(source, number, e.getMessage(), e);
            }
        }

        private int[] conectSerials(String line, int number) {
            List<Integer> serials = new ArrayList<>();
            for (int start = 6; start + 5 <= line.length() && start < 31; start += 5) {
                if (!line.substring(start, start + 5).isBlank()) {
                    serials.add(integer(line, start, start + 5, number, "CONECT serial"));
                }
            }
            if (serials.isEmpty()) {
                throw new InvalidInputException(source, number, "CONECT record without serials");
            }
            return serials.stream().mapToInt(Integer::intValue).toArray();
        }

        private List<int[]> bonds() {
            java.util.Map<Integer, Integer> indexOfSerial = new java.util.HashMap<>();
            for (int i = 0; i < atoms.size(); i++) {
                indexOfSerial.put(atoms.get(i).serial(), i);
            }
            Set<Long> seen = new TreeSet<>();
            List<int[]> bonds = new ArrayList<>();
            for (int r = 0; r < conect.size(); r++) {
                int[] serials = conect.get(r);
                for (int k = 0; k < serials.length; k++) {
                    if (!indexOfSerial.containsKey(serials[k])) {
                        throw new InvalidInputException(source, conectLines.get(r), "CONECT names "
                                + "atom serial " + serials[k] + ", which no atom record has");
                    }
                }
                int from = indexOfSerial.get(serials[0]);
                for (int k = 1; k < serials.length; k++) {
                    int to = indexOfSerial.get(serials[k]);
                    int lo = Math.min(from, to);
                    int hi = Math.max(from, to);
                    if (lo != hi && seen.add((long) lo * Integer.MAX_VALUE + hi)) {
                        bonds.add(new int[] {lo, hi});
                    }
                }
            }
            return bonds;
        }

        private int integer(String line, int start, int end, int number, String what) {
            return field(line, start, end, number, what + " is not an integer", Integer::parseInt);
        }

        private double decimal(String line, int start, int end, int number, String what) {
            return field(line, start, end, number, what + " is not a number", Double::parseDouble);
        }

        /** Columns {@code start+1..end} of {@code line}, trimmed and parsed, or an error naming line and columns. */
        private <T> T field(String line, int start, int end, int number, String problem,
                java.util.function.Function<String, T> parser) {
            String field = line.substring(Math.min(start, line.length()), Math.min(end, line.length())).trim();
            try {
                return parser.apply(field);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source, number, "'" + field + "' (columns "
                        + (start + 1) + "-" + end + "): " + problem, e);
            }
        }
    }

    /**
     * Writes one model per frame of {@code trajectory} (atoms named after {@code topology}, a {@code CRYST1} per
     * model if the trajectory has cells) and {@code CONECT} records for the topology's bonds, atomically.
     */
    public static void write(Path file, Topology topology, Trajectory trajectory) throws IOException {
        if (trajectory.atomCount() != topology.atomCount()) {
            throw new IllegalArgumentException(file + ": trajectory has " + trajectory.atomCount()
                    + " atoms, topology " + topology.atomCount());
        }
        trajectory.requireFinite(file.toString());
        StringBuilder out = new StringBuilder();
        for (int f = 0; f < trajectory.frameCount(); f++) {
            if (trajectory.hasCells()) {
                UnitCell c = trajectory.cells().get(f);
                out.append(String.format(Locale.ROOT, "CRYST1%9.3f%9.3f%9.3f%7.2f%7.2f%7.2f P 1           1%n",
                        c.a() * Units.ANGSTROM_PER_NM, c.b() * Units.ANGSTROM_PER_NM, c.c() * Units.ANGSTROM_PER_NM, c.alpha(),
                        c.beta(), c.gamma()));
            }
            out.append(String.format(Locale.ROOT, "MODEL     %4d%n", f + 1));
            appendAtoms(out, file, topology, trajectory.frame(f), f);
            out.append("ENDMDL\n");
        }
        int[][] neighbors = topology.neighbors();
        for (int i = 0; i < neighbors.length; i++) {
            for (int start = 0; start < neighbors[i].length; start += 4) {
                out.append(String.format(Locale.ROOT, "CONECT%5d", serial(i)));
                for (int k = start; k < Math.min(start + 4, neighbors[i].length); k++) {
                    out.append(String.format(Locale.ROOT, "%5d", serial(neighbors[i][k])));
                }
                out.append('\n');
            }
        }
        out.append("END\n");
        AtomicFiles.writeString(file, out.toString());
    }

    private static void appendAtoms(StringBuilder out, Path file, Topology topology, double[] xyz, int frame) {
        for (int i = 0; i < topology.atomCount(); i++) {
            Atom atom = topology.atoms().get(i);
            for (int axis = 0; axis < 3; axis++) {
                if (Math.abs(xyz[3 * i + axis] * Units.ANGSTROM_PER_NM) >= MAX_ANGSTROM) {
                    throw new IllegalArgumentException(file + ": frame " + frame + ", atom " + i + " coordinate "
                            + xyz[3 * i + axis] + " nm does not fit the PDB's 8-column field");
                }
            }
            out.append(String.format(Locale.ROOT, "ATOM  %5d %-4s %-3s A%4d    %8.3f%8.3f%8.3f%6.2f%6.2f          %2s%n",
                    serial(i), paddedName(atom), atom.residueName(), (atom.residueIndex() + 1) % 10000,
                    xyz[3 * i] * Units.ANGSTROM_PER_NM, xyz[3 * i + 1] * Units.ANGSTROM_PER_NM, xyz[3 * i + 2] * Units.ANGSTROM_PER_NM,
                    1.0, 0.0, atom.element()));
        }
    }

    private static int serial(int index) {
        return (index + 1) % 100000;
    }

    /** PDB convention: names of one-letter elements shorter than four characters start in column 14. */
    private static String paddedName(Atom atom) {
        String name = atom.name();
        return name.length() < 4 && atom.element().length() <= 1 ? " " + name : name;
    }
}
