package org.boltzflow.boltzmann.coordinates;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The order in which atoms are placed and, for each, the atoms it is placed relative to: bond partner, angle
 * partner and dihedral partner, all placed before it. Atom indices are zero-based.
 *
 * <p>Two kinds: a <em>global</em> Z-matrix (no fixed atoms) whose first entry has no reference (the origin), whose
 * second has only a bond partner and whose third has bond and angle partners; and a Z-matrix <em>relative to fixed
 * atoms</em> (at least three, placed by other means, e.g. whitened Cartesian coordinates), in which every entry has
 * all three partners. Either way every atom is placed exactly once. Build one from a bond graph with
 * {@link ZMatrixBuilder} or pass the entries explicitly.
 */
public final class ZMatrix {
    /** Marks a missing reference in the first entries of a global Z-matrix. */
    public static final int NONE = -1;

    /** One placed atom and its references ({@link #NONE} where absent). */
    public record Entry(int atom, int bond, int angle, int dihedral) {
        /** The number of references given (0 to 3). */
        public int references() {
            return bond == NONE ? 0 : angle == NONE ? 1 : dihedral == NONE ? 2 : 3;
        }
    }

    private final int atomCount;
    private final int[] fixedAtoms;
    private final List<Entry> entries;

    /**
     * Checks and wraps a Z-matrix over {@code atomCount} atoms: {@code fixedAtoms} (empty for a global one) and the
     * entries in placement order.
     *
     * @throws IllegalArgumentException naming the entry and atoms when an atom is missing or placed twice, a
     *     reference is not yet placed or repeated, or references are missing where they are required
     */
    public ZMatrix(int atomCount, int[] fixedAtoms, List<Entry> entries) {
        this.atomCount = atomCount;
        this.fixedAtoms = fixedAtoms.clone();
        this.entries = List.copyOf(entries);
        validate();
    }

    /** A global Z-matrix (first atom at the origin, second on the x axis, third in the xy plane). */
    public static ZMatrix global(int atomCount, List<Entry> entries) {
        return new ZMatrix(atomCount, new int[0], entries);
    }

    private void validate() {
        if (atomCount < 3) {
            throw new IllegalArgumentException("a Z-matrix needs at least 3 atoms, got " + atomCount);
        }
        if (fixedAtoms.length != 0 && fixedAtoms.length < 3) {
            throw new IllegalArgumentException("a Z-matrix relative to fixed atoms needs at least 3 of them, got "
                    + Arrays.toString(fixedAtoms));
        }
        boolean[] placed = new boolean[atomCount];
        for (int atom : fixedAtoms) {
            checkIndex(atom, "fixed atom");
            if (placed[atom]) {
                throw new IllegalArgumentException("fixed atom " + atom + " is listed twice");
            }
            placed[atom] = true;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            checkIndex(e.atom(), "entry " + i + " atom");
            if (placed[e.atom()]) {
                throw new IllegalArgumentException("atom " + e.atom() + " is placed twice (entry " + i + ")");
            }
            int required = fixedAtoms.length > 0 ? 3 : Math.min(i, 3);
            if (e.references() != required || referencesBeyond(e, required)) {
                throw new IllegalArgumentException("entry " + i + " (atom " + e.atom() + ") needs exactly " + required
                        + " references (bond, angle, dihedral in that order), got " + e);
            }
            int[] refs = {e.bond(), e.angle(), e.dihedral()};
            for (int r = 0; r < required; r++) {
                checkIndex(refs[r], "entry " + i + " reference");
                if (!placed[refs[r]]) {
                    throw new IllegalArgumentException("entry " + i + " places atom " + e.atom() + " relative to atom "
                            + refs[r] + ", which is not placed before it");
                }
                for (int s = 0; s < r; s++) {
                    if (refs[s] == refs[r]) {
                        throw new IllegalArgumentException("entry " + i + " (atom " + e.atom()
                                + ") uses atom " + refs[r] + " twice as a reference");
                    }
                }
            }
            placed[e.atom()] = true;
        }
        for (int atom = 0; atom < atomCount; atom++) {
            if (!placed[atom]) {
                throw new IllegalArgumentException("atom " + atom + " is neither fixed nor placed by the Z-matrix");
            }
        }
    }

    private static boolean referencesBeyond(Entry e, int count) {
        int[] refs = {e.bond(), e.angle(), e.dihedral()};
        for (int r = count; r < 3; r++) {
            if (refs[r] != NONE) {
                return true;
            }
        }
        return false;
    }

    private void checkIndex(int atom, String what) {
        if (atom < 0 || atom >= atomCount) {
            throw new IllegalArgumentException(what + " " + atom + " is not one of the " + atomCount + " atoms");
        }
    }

    public int atomCount() {
        return atomCount;
    }

    /** The fixed atoms (empty for a global Z-matrix). */
    public int[] fixedAtoms() {
        return fixedAtoms.clone();
    }

    /** Whether this Z-matrix is global (defines the rigid-body frame itself) rather than relative to fixed atoms. */
    public boolean isGlobal() {
        return fixedAtoms.length == 0;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entries with at least {@code references} references (1: a bond, 2: also an angle, 3: also a dihedral). */
    List<Entry> entriesWith(int references) {
        return entries.stream().filter(e -> e.references() >= references).toList();
    }

    /** The JSON form: {@code atomCount}, {@code fixedAtoms} and {@code entries} as [atom, bond, angle, dihedral]. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("atomCount", atomCount);
        json.add("fixedAtoms", ArchitectureJson.ints(fixedAtoms));
        JsonArray rows = new JsonArray();
        for (Entry e : entries) {
            rows.add(ArchitectureJson.ints(new int[] {e.atom(), e.bond(), e.angle(), e.dihedral()}));
        }
        json.add("entries", rows);
        return json;
    }

    /** Reads the form {@link #toJson()} writes. */
    public static ZMatrix fromJson(JsonObject json) {
        int[] fixed = ArchitectureJson.integers(json, "fixedAtoms");
        List<Entry> entries = new ArrayList<>();
        for (JsonElement row : ArchitectureJson.array(json, "entries")) {
            JsonArray r = row.getAsJsonArray();
            entries.add(new Entry(r.get(0).getAsInt(), r.get(1).getAsInt(), r.get(2).getAsInt(), r.get(3).getAsInt()));
        }
        return new ZMatrix(ArchitectureJson.integer(json, "atomCount"), fixed, entries);
    }

    @Override
    public String toString() {
        return "ZMatrix" + toJson();
    }
}
