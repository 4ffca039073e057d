package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed molecule as MMFF94 parameterization needs it: per atom the element, numeric MMFF94 type and partial
 * charge; per bond its two atoms, Kekulé order (1, 2 or 3) and whether it lies in an MMFF-aromatic ring.
 *
 * @param atomicNumbers element of each atom
 * @param types numeric MMFF94 type of each atom (1..99)
 * @param charges MMFF94 partial charge of each atom (e)
 * @param bonds pairs of atom indices
 * @param orders Kekulé bond order of each bond
 * @param aromatic whether each bond is MMFF-aromatic
 * @param formalChargeRounding per atom, the exact MMFF94 formal charge minus the three-decimal value CDK tabulates
 *     (+-1/3 - +-0.333 for guanidinium N and nitrate O, else 0)
 */
record MmffMolecule(int[] atomicNumbers, int[] types, double[] charges, int[][] bonds, int[] orders,
        boolean[] aromatic, double[] formalChargeRounding) {

    /** The number of atoms. */
    int atomCount() {
        return types.length;
    }

    /** For each atom, its bonded neighbours in bond-list order. */
    int[][] neighbors() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < atomCount(); i++) {
            lists.add(new ArrayList<>());
        }
        for (int[] b : bonds) {
            lists.get(b[0]).add(b[1]);
            lists.get(b[1]).add(b[0]);
        }
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** The same molecule with other partial charges. */
    MmffMolecule withCharges(double[] newCharges) {
        return new MmffMolecule(atomicNumbers, types, newCharges, bonds, orders, aromatic, formalChargeRounding);
    }

    /** A map from an unordered atom pair to its bond index. */
    Map<Long, Integer> bondIndex() {
        Map<Long, Integer> index = new HashMap<>();
        for (int b = 0; b < bonds.length; b++) {
            index.put(pair(bonds[b][0], bonds[b][1]), b);
        }
        return index;
    }

    /** The key of an unordered atom pair. */
    static long pair(int i, int j) {
        return (long) Math.min(i, j) << 32 | Math.max(i, j);
    }

    @Override
    public String toString() {
        return "MmffMolecule" + Arrays.toString(types);
    }
}
