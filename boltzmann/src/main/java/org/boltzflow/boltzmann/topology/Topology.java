package org.boltzflow.boltzmann.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The atoms of a molecular system and its covalent bonds (pairs of zero-based atom indices, each listed once).
 * Force-field readers (AMBER prmtop, MMFF94 via CDK) and PDB readers produce one; coordinate transforms, MD and
 * writers consume it.
 */
public record Topology(List<Atom> atoms, List<int[]> bonds) {
    /** Checks that every bond names two distinct atoms of this topology. */
    public Topology {
        atoms = List.copyOf(atoms);
        List<int[]> copied = new ArrayList<>();
        for (int[] b : bonds) {
            if (b.length != 2 || b[0] == b[1] || b[0] < 0 || b[1] < 0 || b[0] >= atoms.size() || b[1] >= atoms.size()) {
                throw new IllegalArgumentException("bond " + java.util.Arrays.toString(b) + " does not join two of the "
                        + atoms.size() + " atoms");
            }
            copied.add(b.clone());
        }
        bonds = List.copyOf(copied);
    }

    /** The number of atoms. */
    public int atomCount() {
        return atoms.size();
    }

    /** The masses in amu, in atom order. */
    public double[] masses() {
        return atoms.stream().mapToDouble(Atom::mass).toArray();
    }

    /** For each atom, the indices of the atoms bonded to it, in ascending order. */
    public int[][] neighbors() {
        List<List<Integer>> lists = new ArrayList<>();
        atoms.forEach(a -> lists.add(new ArrayList<>()));
        for (int[] b : bonds) {
            lists.get(b[0]).add(b[1]);
            lists.get(b[1]).add(b[0]);
        }
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).sorted().toArray()).toArray(int[][]::new);
    }
}
