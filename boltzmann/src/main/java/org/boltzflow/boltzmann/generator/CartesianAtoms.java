package org.boltzflow.boltzmann.generator;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * Chooses the atoms a mixed coordinate layer keeps in Cartesian coordinates: three bonded heavy atoms at the centre
 * of the heavy-atom graph, so that every other atom is placed by short internal-coordinate chains from them. The
 * centre is the heavy atom with the smallest eccentricity (ties: more heavy neighbours, then the lower index); its
 * two partners are the heavy neighbours heading the largest branches (ties: the lower index). For a peptide this is
 * N, Cα and C of a central residue (alanine dipeptide: atoms 6, 8, 14).
 */
public final class CartesianAtoms {
    private CartesianAtoms() {}

    /** The three central heavy atoms, sorted; refuses a topology with fewer than three connected heavy atoms. */
    public static int[] central(Topology topology) {
        int n = topology.atomCount();
        boolean[] heavy = new boolean[n];
        int[][] neighbors = topology.neighbors();
        for (int i = 0; i < n; i++) {
            heavy[i] = !isHydrogen(topology, i);
        }
        int centre = -1;
        int bestEccentricity = Integer.MAX_VALUE;
        int bestDegree = -1;
        for (int i = 0; i < n; i++) {
            if (!heavy[i]) {
                continue;
            }
            int[] distance = distances(i, neighbors, heavy, -1);
            int eccentricity = Arrays.stream(distance).max().orElse(0);
            int degree = (int) Arrays.stream(neighbors[i]).filter(j -> heavy[j]).count();
            if (eccentricity < bestEccentricity || (eccentricity == bestEccentricity && degree > bestDegree)) {
                centre = i;
                bestEccentricity = eccentricity;
                bestDegree = degree;
            }
        }
        final int c = centre;
        int[] partners = centre < 0 ? new int[0] : Arrays.stream(neighbors[centre]).filter(j -> heavy[j])
                .boxed().sorted((a, b) -> {
                    int bySize = Integer.compare(branchSize(b, c, neighbors, heavy), branchSize(a, c, neighbors, heavy));
                    return bySize != 0 ? bySize : Integer.compare(a, b);
                }).mapToInt(Integer::intValue).limit(2).toArray();
        if (partners.length < 2) {
            throw new IllegalArgumentException("the Cartesian part of the mixed coordinate layer needs a heavy atom "
                    + "bonded to two other heavy atoms; this molecule has none (use the global Z-matrix layer: "
                    + "cartesianAtoms [])");
        }
        int[] atoms = {centre, partners[0], partners[1]};
        Arrays.sort(atoms);
        return atoms;
    }

    /**
     * Whether some heavy atom is bonded to two other heavy atoms: for a connected molecule, whether {@link #central}
     * has atoms to choose (otherwise use the global Z-matrix layer).
     */
    public static boolean hasCentre(Topology topology) {
        int[][] neighbors = topology.neighbors();
        for (int i = 0; i < neighbors.length; i++) {
            if (!isHydrogen(topology, i)
                    && Arrays.stream(neighbors[i]).filter(j -> !isHydrogen(topology, j)).count() >= 2) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHydrogen(Topology topology, int atom) {
        return "H".equalsIgnoreCase(topology.atoms().get(atom).element());
    }

    /** Heavy-atom graph distances from {@code from}, not crossing {@code blocked}; -1 where unreachable. */
    private static int[] distances(int from, int[][] neighbors, boolean[] heavy, int blocked) {
        int[] distance = new int[neighbors.length];
        Arrays.fill(distance, -1);
        Deque<Integer> queue = new ArrayDeque<>();
        distance[from] = 0;
        queue.add(from);
        while (!queue.isEmpty()) {
            int a = queue.poll();
            for (int b : neighbors[a]) {
                if (heavy[b] && b != blocked && distance[b] < 0) {
                    distance[b] = distance[a] + 1;
                    queue.add(b);
                }
            }
        }
        return distance;
    }

    private static int branchSize(int head, int centre, int[][] neighbors, boolean[] heavy) {
        return (int) Arrays.stream(distances(head, neighbors, heavy, centre)).filter(d -> d >= 0).count();
    }
}
