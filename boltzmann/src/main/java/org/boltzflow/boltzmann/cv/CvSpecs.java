package org.boltzflow.boltzmann.cv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * Collective variables and states as the command line writes them. A variable: {@code NAME=dihedral:a,b,c,d},
 * {@code NAME=angle:a,b,c}, {@code NAME=distance:a,b} or {@code NAME=rmsd:FILE[:atoms]} (default atoms: every
 * heavy atom), atoms as {@link AtomSelection} reads them. A state: {@code NAME:cv=lo..hi[,cv2=lo..hi]}, in degrees
 * for angles and nm for lengths. Every error names the option and the text it was given.
 */
public final class CvSpecs {
    private CvSpecs() {}

    /** Parses {@code --cv} text against {@code topology}; reference files are resolved against {@code base}. */
    public static CollectiveVariable variable(String spec, Topology topology, Path base) {
        String context = "--cv " + spec;
        int equals = spec.indexOf('=');
        int colon = spec.indexOf(':', equals + 1);
        if (equals <= 0 || colon < 0) {
            throw new IllegalArgumentException(context + ": not NAME=dihedral:a,b,c,d (or angle:a,b,c, distance:a,b, "
                    + "rmsd:file)");
        }
        String kind = spec.substring(equals + 1, colon).trim();
        String args = spec.substring(colon + 1).trim();
        List<String> atoms;
        String reference = null;
        if (kind.equals("rmsd")) {
            int split = args.indexOf(':');
            reference = split < 0 ? args : args.substring(0, split);
            atoms = split < 0 ? List.of() : splitList(args.substring(split + 1));
        } else {
            atoms = splitList(args);
        }
        return create(spec.substring(0, equals).trim(), kind, atoms, reference, topology, base, context);
    }

    /**
     * A variable of {@code kind} (dihedral, angle, distance, rmsd) on {@code atoms}; {@code reference} is the RMSD's
     * reference structure file (else null). {@code context} prefixes every error.
     */
    public static CollectiveVariable create(String name, String kind, List<String> atoms, String reference,
            Topology topology, Path base, String context) {
        requireName(name, context);
        int expected = switch (kind) {
            case "dihedral" -> 4;
            case "angle" -> 3;
            case "distance" -> 2;
            case "rmsd" -> -1;
            default -> throw new IllegalArgumentException(context + ": unknown kind '" + kind
                    + "'; known: dihedral, angle, distance, rmsd");
        };
        if (expected > 0 && atoms.size() != expected) {
            throw new IllegalArgumentException(context + ": a " + kind + " needs " + expected + " atoms, got "
                    + atoms.size());
        }
        if (expected < 0) {
            return rmsd(name, atoms, reference, topology, base, context);
        }
        int[] a = AtomSelection.resolve(atoms, topology, context);
        return switch (kind) {
            case "dihedral" -> new Dihedral(name, a[0], a[1], a[2], a[3]);
            case "angle" -> new BondAngle(name, a[0], a[1], a[2]);
            default -> new Distance(name, a[0], a[1]);
        };
    }

    /** Parses {@code --state} text; {@code variables} looks a variable up by name (null if unknown). */
    public static State state(String spec, Function<String, CollectiveVariable> variables) {
        String context = "--state " + spec;
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException(context + ": not NAME:cv=lo..hi[,cv2=lo..hi]");
        }
        String name = spec.substring(0, colon).trim();
        List<Interval> ranges = new ArrayList<>();
        for (String part : spec.substring(colon + 1).split(",")) {
            int equals = part.indexOf('=');
            int dots = part.indexOf("..", equals + 1);
            if (equals <= 0 || dots < 0) {
                throw new IllegalArgumentException(context + ": '" + part + "' is not cv=lo..hi");
            }
            CollectiveVariable cv = known(part.substring(0, equals).trim(), variables, context);
            double low = number(part.substring(equals + 1, dots), context);
            double high = number(part.substring(dots + 2), context);
            ranges.add(range(cv, low, high, context));
        }
        return state(name, ranges, context);
    }

    /** A state from its ranges, errors prefixed with {@code context}. */
    public static State state(String name, List<Interval> ranges, String context) {
        requireName(name, context);
        try {
            return new State(name, ranges);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(context + ": " + e.getMessage(), e);
        }
    }

    /** The range {@code [low, high)} of {@code cv} given in degrees (angles) or nm (lengths). */
    public static Interval range(CollectiveVariable cv, double low, double high, String context) {
        double scale = cv.unit() == CollectiveVariable.Unit.RADIAN ? Math.PI / 180 : 1;
        try {
            return new Interval(cv, low * scale, high * scale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(context + ": " + e.getMessage() + " (" + low + ".." + high + ")", e);
        }
    }

    /** The variable called {@code name}, or an error naming it and the known ones. */
    static CollectiveVariable known(String name, Function<String, CollectiveVariable> variables, String context) {
        CollectiveVariable cv = variables.apply(name);
        if (cv == null) {
            throw new IllegalArgumentException(context + ": unknown collective variable '" + name + "'");
        }
        return cv;
    }

    private static CollectiveVariable rmsd(String name, List<String> atoms, String reference, Topology topology,
            Path base, String context) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException(context + ": an rmsd needs a reference structure file");
        }
        Path file = base.resolve(reference.trim());
        double[] xyz;
        try {
            xyz = CoordinateFiles.read(file, topology).frame(0);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(context + ": reference " + file + ": " + e.getMessage(), e);
        }
        int[] chosen = atoms.isEmpty() ? heavyAtoms(topology) : AtomSelection.resolve(atoms, topology, context);
        try {
            return new Rmsd(name, chosen, xyz);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(context + ": " + e.getMessage(), e);
        }
    }

    private static int[] heavyAtoms(Topology topology) {
        List<Atom> atoms = topology.atoms();
        return java.util.stream.IntStream.range(0, atoms.size()).filter(i -> !atoms.get(i).element().equals("H"))
                .toArray();
    }

    private static List<String> splitList(String text) {
        return text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
    }

    private static double number(String text, String context) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": '" + text.trim() + "' is not a number", e);
        }
    }

    private static void requireName(String name, String context) {
        if (name == null || name.isBlank() || name.chars().anyMatch(c -> c == ',' || c == '=' || c == ':'
                || Character.isWhitespace(c))) {
            throw new IllegalArgumentException(context + ": '" + name + "' is not a name (no spaces, ',', '=' or ':')");
        }
    }
}
