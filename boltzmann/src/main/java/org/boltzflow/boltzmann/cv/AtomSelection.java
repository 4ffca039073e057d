package org.boltzflow.boltzmann.cv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.boltzflow.boltzmann.io.AtomNames;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * Atoms named as users name them: a zero-based index ({@code 8}), a name unique in the system ({@code CA}), or a
 * name within a residue ({@code ALA:CA}, {@code ALA2:CA} or {@code 2:CA}, residues numbered from 1 as in PDB files).
 * Names match across the PDB v2/v3 hydrogen conventions. A missing, ambiguous or repeated atom is refused with the
 * place it was given and the atom named.
 */
public final class AtomSelection {
    private AtomSelection() {}

    /** The indices of the atoms {@code tokens} in {@code topology}; {@code context} prefixes every error. */
    public static int[] resolve(List<String> tokens, Topology topology, String context) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = resolve(tokens.get(i).trim(), topology, context);
        }
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < i; j++) {
                if (out[i] == out[j]) {
                    throw new IllegalArgumentException(context + ": atom " + describe(out[i], topology)
                            + " is given twice ('" + tokens.get(j).trim() + "' and '" + tokens.get(i).trim() + "')");
                }
            }
        }
        return out;
    }

    /** The index of one atom token. */
    public static int resolve(String token, Topology topology, String context) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException(context + ": an atom is empty");
        }
        if (token.chars().allMatch(Character::isDigit)) {
            int index = parseIndex(token, context);
            if (index >= topology.atomCount()) {
                throw new IllegalArgumentException(context + ": atom " + token + " is not among the "
                        + topology.atomCount() + " atoms (numbered from 0)");
            }
            return index;
        }
        int colon = token.indexOf(':');
        String name = colon < 0 ? token : token.substring(colon + 1);
        Set<Integer> residues = colon < 0 ? null : residues(token.substring(0, colon), topology, token, context);
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < topology.atomCount(); i++) {
            Atom atom = topology.atoms().get(i);
            if (AtomNames.same(atom.name(), name) && (residues == null || residues.contains(atom.residueIndex()))) {
                matches.add(i);
            }
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException(context + ": atom '" + token + "' not found"
                    + (residues == null ? "" : "; that residue has " + namesIn(residues, topology)));
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(context + ": atom '" + token + "' is ambiguous: "
                    + matches.stream().map(i -> describe(i, topology)).toList() + "; name the residue (RES:NAME)");
        }
        return matches.get(0);
    }

    /** An atom as {@code index (RES<number>:NAME)}, e.g. {@code 8 (ALA2:CA)}. */
    public static String describe(int index, Topology topology) {
        Atom atom = topology.atoms().get(index);
        return index + " (" + atom.residueName() + (atom.residueIndex() + 1) + ":" + atom.name() + ")";
    }

    static void requireDistinct(String name, int... atoms) {
        for (int i = 0; i < atoms.length; i++) {
            if (atoms[i] < 0) {
                throw new IllegalArgumentException("collective variable " + name + ": atom index " + atoms[i]
                        + " is negative");
            }
            for (int j = 0; j < i; j++) {
                if (atoms[i] == atoms[j]) {
                    throw new IllegalArgumentException("collective variable " + name + ": atom " + atoms[i]
                            + " is given twice");
                }
            }
        }
    }

    private static int parseIndex(String token, String context) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": atom index " + token + " is too large", e);
        }
    }

    /** The zero-based residue indices a residue token names: a number from 1, a name, or a name and number. */
    private static Set<Integer> residues(String residue, Topology topology, String token, String context) {
        Set<Integer> named = new LinkedHashSet<>();
        int split = residue.length();
        while (split > 0 && Character.isDigit(residue.charAt(split - 1))) {
            split--;
        }
        String name = residue.substring(0, split);
        Integer number = split < residue.length() ? parseIndex(residue.substring(split), context) : null;
        for (Atom atom : topology.atoms()) {
            boolean nameMatches = name.isEmpty() || atom.residueName().trim().equalsIgnoreCase(name);
            boolean exactName = atom.residueName().trim().equalsIgnoreCase(residue);
            if (exactName || (nameMatches && (number == null || atom.residueIndex() + 1 == number))) {
                named.add(atom.residueIndex());
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(context + ": atom '" + token + "': no residue '" + residue + "'");
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException(context + ": atom '" + token + "': residue '" + residue
                    + "' is ambiguous (" + named.size() + " residues); add its number, e.g. " + name
                    + (named.iterator().next() + 1));
        }
        return named;
    }

    private static String namesIn(Set<Integer> residues, Topology topology) {
        return topology.atoms().stream().filter(a -> residues.contains(a.residueIndex())).map(Atom::name).toList()
                .toString();
    }
}
