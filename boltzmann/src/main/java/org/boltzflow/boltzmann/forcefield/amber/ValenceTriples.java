package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The atom triples (first, middle, last) of a molecule's harmonic angles and torsion arms, measured once per
 * configuration by {@link ValenceGeometry} for the bond, angle and torsion terms: nearly every torsion arm (outer atom,
 * near atom, far atom) is an angle of the prmtop, read forwards or backwards, and nearly every bond is an arm (first
 * and middle, or last and middle atom) of an angle (alanine dipeptide: 38 arms, 36 angles and 21 bonds on 41 triples).
 *
 * <p>Order: triples [0, {@link #angleStart}) are arms only (of improper torsions, or a second left arm on an angle's
 * atoms read backwards), [{@link #angleStart}, {@link #armEnd}) arms and angles, [{@link #armEnd},
 * {@link #angleEnd}) angles only, and [{@link #angleEnd}, {@link #count}) triples (i, j, i) of bonds on no other
 * triple; so each term's loops run over one contiguous range. Every triple reads as its first left arm; a right arm
 * may read it backwards ({@link #arm} tells which). Each bond is on one arm ({@link #bondA}, {@link #bondC}).
 */
final class ValenceTriples {
    static final int NONE = -1;

    final int[] first; // 3 × atom index, per triple
    final int[] middle;
    final int[] last;
    final int[] angle; // per triple from angleStart to angleEnd, the number of its angle in the prmtop
    final int[] bondA; // per triple, the number of the bond between its first and middle atom, or NONE
    final int[] bondC; // likewise between its last and middle atom
    final int count;
    final int angleStart;
    final int armEnd;
    final int angleEnd;
    private final Map<List<Integer>, Integer> arms = new HashMap<>(); // an arm's atoms -> its number (see arm)

    private ValenceTriples(Prmtop p, List<List<Integer>> triples, List<Integer> angles, int armEnd) {
        this.armEnd = armEnd;
        angleEnd = triples.size();
        angleStart = angleEnd - angles.size();
        List<List<Integer>> all = new ArrayList<>(triples);
        Map<List<Integer>, List<Integer>> freeArms = new HashMap<>(); // a bond's atoms -> arms a (t) and c (-t - 1)
        for (int t = 0; t < all.size(); t++) {
            List<Integer> triple = all.get(t);
            freeArms.computeIfAbsent(pair(triple.get(0), triple.get(1)), key -> new ArrayList<>()).add(t);
            freeArms.computeIfAbsent(pair(triple.get(2), triple.get(1)), key -> new ArrayList<>()).add(-t - 1);
        }
        List<Integer> bondArms = new ArrayList<>();
        for (Prmtop.Bond bond : p.bonds()) { // a bond on no arm gets a triple (i, j, i) of its own, its arm a
            List<Integer> free = freeArms.getOrDefault(pair(bond.i(), bond.j()), new ArrayList<>());
            if (free.isEmpty()) {
                free.add(all.size());
                all.add(List.of(bond.i(), bond.j(), bond.i()));
            }
            bondArms.add(free.remove(0));
        }
        count = all.size();
        first = new int[count];
        middle = new int[count];
        last = new int[count];
        angle = new int[count];
        bondA = new int[count];
        bondC = new int[count];
        java.util.Arrays.fill(bondA, NONE);
        java.util.Arrays.fill(bondC, NONE);
        for (int t = 0; t < count; t++) {
            List<Integer> triple = all.get(t);
            first[t] = 3 * triple.get(0);
            middle[t] = 3 * triple.get(1);
            last[t] = 3 * triple.get(2);
        }
        for (int t = angleStart; t < angleEnd; t++) {
            angle[t] = angles.get(t - angleStart);
        }
        for (int b = 0; b < bondArms.size(); b++) {
            int arm = bondArms.get(b);
            if (arm >= 0) {
                bondA[arm] = b;
            } else {
                bondC[-arm - 1] = b;
            }
        }
        for (int t = 0; t < armEnd; t++) {
            arms.put(triples.get(t), t);
        }
        for (int t = 0; t < armEnd; t++) {
            arms.putIfAbsent(reversed(triples.get(t)), count + t);
        }
    }

    private static List<Integer> pair(int i, int j) {
        return List.of(Math.min(i, j), Math.max(i, j));
    }

    /**
     * The triples of the prmtop's angles and of the arms of the given torsions (atom quadruples i, j, k, l): the
     * left arms (i, j, k) as read, then the right arms (l, k, j) that are no triple yet in either reading.
     */
    static ValenceTriples of(Prmtop p, List<List<Integer>> quadruples) {
        Map<List<Integer>, Integer> armAngles = new LinkedHashMap<>(); // arm -> the number of its angle, or NONE
        for (List<Integer> q : quadruples) {
            armAngles.putIfAbsent(q.subList(0, 3), NONE);
        }
        for (List<Integer> q : quadruples) {
            List<Integer> right = List.of(q.get(3), q.get(2), q.get(1));
            if (!armAngles.containsKey(right) && !armAngles.containsKey(reversed(right))) {
                armAngles.put(right, NONE);
            }
        }
        List<List<Integer>> angleOnly = new ArrayList<>();
        List<Integer> angleOnlyNumbers = new ArrayList<>();
        for (int a = 0; a < p.angles().size(); a++) {
            Prmtop.Angle angle = p.angles().get(a);
            List<Integer> atoms = List.of(angle.i(), angle.j(), angle.k());
            List<Integer> arm = armAngles.containsKey(atoms) ? atoms : reversed(atoms);
            Integer taken = armAngles.get(arm);
            if (taken != null && taken == NONE) {
                armAngles.put(arm, a);
            } else {
                angleOnly.add(atoms);
                angleOnlyNumbers.add(a);
            }
        }
        List<List<Integer>> triples = new ArrayList<>();
        List<Integer> angles = new ArrayList<>();
        armAngles.forEach((arm, a) -> {
            if (a == NONE) {
                triples.add(arm);
            }
        });
        armAngles.forEach((arm, a) -> {
            if (a != NONE) {
                triples.add(arm);
                angles.add(a);
            }
        });
        int armEnd = triples.size();
        triples.addAll(angleOnly);
        angles.addAll(angleOnlyNumbers);
        return new ValenceTriples(p, triples, angles, armEnd);
    }

    private static List<Integer> reversed(List<Integer> atoms) {
        return List.of(atoms.get(2), atoms.get(1), atoms.get(0));
    }

    /**
     * The number of the arm (outer atom o, near m, far f) of a torsion given to {@link #of}: t if triple t reads o,
     * m, f, {@link #count} + t if it reads f, m, o (only right arms are read so).
     */
    int arm(int o, int m, int f) {
        return arms.get(List.of(o, m, f));
    }
}
