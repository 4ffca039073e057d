package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The atom triples (first, middle, last) of a molecule's harmonic angles and torsion arms, measured once per
 * configuration by {@link ValenceGeometry} for both terms: nearly every torsion arm (outer atom, near atom, far atom)
 * is an angle of the prmtop, read forwards or backwards (alanine dipeptide: 38 arms and 36 angles on 41 triples).
 *
 * <p>Order: triples [0, {@link #angleStart}) are arms only (of improper torsions, or a second left arm on an angle's
 * atoms read backwards), [{@link #angleStart}, {@link #armEnd}) arms and angles, [{@link #armEnd}, {@link #count})
 * angles only; so each term's loops run over one contiguous range. Every triple reads as its first left arm; a right
 * arm may read it backwards ({@link #arm} tells which).
 */
final class ValenceTriples {
    private static final int NONE = -1;

    final int[] first; // 3 × atom index, per triple
    final int[] middle;
    final int[] last;
    final int[] angle; // per triple from angleStart on, the number of its angle in the prmtop
    final int count;
    final int angleStart;
    final int armEnd;
    private final Map<List<Integer>, Integer> arms = new HashMap<>(); // an arm's atoms -> its number (see arm)

    private ValenceTriples(List<List<Integer>> triples, List<Integer> angles, int armEnd) {
        count = triples.size();
        this.armEnd = armEnd;
        angleStart = count - angles.size();
        first = new int[count];
        middle = new int[count];
        last = new int[count];
        angle = new int[count];
        for (int t = 0; t < count; t++) {
            List<Integer> triple = triples.get(t);
            first[t] = 3 * triple.get(0);
            middle[t] = 3 * triple.get(1);
            last[t] = 3 * triple.get(2);
        }
        for (int t = angleStart; t < count; t++) {
            angle[t] = angles.get(t - angleStart);
        }
        for (int t = 0; t < armEnd; t++) {
            arms.put(triples.get(t), t);
        }
        for (int t = 0; t < armEnd; t++) {
            arms.putIfAbsent(reversed(triples.get(t)), count + t);
        }
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
        return new ValenceTriples(triples, angles, armEnd);
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
