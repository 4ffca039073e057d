package org.boltzflow.boltzmann.coordinates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * Builds a {@link ZMatrix} from the bond graph of a {@link Topology}. Heavy atoms come first, in breadth-first order
 * from one end of the heavy-atom backbone (the heavy atom farthest, in bonds, from the first heavy atom), so that
 * backbone torsions such as φ and ψ are dihedrals of the Z-matrix (at a branch the larger branch is followed first);
 * then every hydrogen after the heavy atom it is bonded to. Each atom's bond partner is the atom it was reached
 * from and its angle partner that atom's own bond partner. Its dihedral partner is, as in the Z-matrices of
 * Boltzmann-generator work, an already placed sibling (another neighbour of the bond partner, heavy atoms first) when
 * there is one: such a dihedral only measures the branch geometry at the bond partner (about ±120° at sp3, 180° at
 * sp2 centres) and has a narrow distribution, so each rotatable bond carries one wide torsion, that of its first
 * branch. Without a sibling it is the next atom up the chain (a proper torsion), otherwise another bonded
 * neighbour, then any placed atom.
 */
public final class ZMatrixBuilder {
    private final Topology topology;
    private final int[][] neighbors;

    private ZMatrixBuilder(Topology topology) {
        this.topology = topology;
        this.neighbors = topology.neighbors();
    }

    /** A global Z-matrix for {@code topology}. */
    public static ZMatrix build(Topology topology) {
        return new ZMatrixBuilder(topology).assemble(new int[0]);
    }

    /**
     * A Z-matrix placing every atom not in {@code fixedAtoms} relative to them (for the mixed transform), in
     * breadth-first order outwards from the fixed atoms, heavy atoms before hydrogens.
     */
    public static ZMatrix relativeTo(Topology topology, int[] fixedAtoms) {
        return new ZMatrixBuilder(topology).assemble(fixedAtoms.clone());
    }

    /** The heavy (non-hydrogen) atoms of {@code topology}, in index order: the usual choice of fixed atoms. */
    public static int[] heavyAtoms(Topology topology) {
        return IntStream.range(0, topology.atomCount()).filter(i -> !isHydrogen(topology.atoms().get(i))).toArray();
    }

    private ZMatrix assemble(int[] fixed) {
        int n = topology.atomCount();
        if (n < 3) {
            throw new IllegalArgumentException("internal coordinates need at least 3 atoms, the topology has " + n);
        }
        requireConnected();
        int[] parent = new int[n];
        Arrays.fill(parent, ZMatrix.NONE);
        boolean[] placed = new boolean[n];
        List<Integer> order = new ArrayList<>();
        for (int atom : fixed) {
            placed[atom] = true;
        }
        List<Integer> fixedList = Arrays.stream(fixed).boxed().toList();
        if (fixed.length == 0) {
            int root = backboneEnd();
            placed[root] = true;
            order.add(root);
        }
        breadthFirst(fixed.length == 0 ? List.copyOf(order) : fixedList, true, parent, placed, order);
        List<Integer> heavyOrder = new ArrayList<>(fixedList);
        heavyOrder.addAll(order);
        for (int heavy : heavyOrder) {
            for (int h : neighbors[heavy]) {
                if (!placed[h] && isHydrogen(topology.atoms().get(h))) {
                    placed[h] = true;
                    parent[h] = heavy;
                    order.add(h);
                }
            }
        }
        // what remains is reachable only through hydrogens (e.g. H2, bridging H): place it in plain BFS order
        List<Integer> everythingPlaced = new ArrayList<>(fixedList);
        everythingPlaced.addAll(order);
        breadthFirst(everythingPlaced, false, parent, placed, order);
        return toZMatrix(fixed, order, parent);
    }

    /**
     * Breadth-first from the placed {@code seeds} over unplaced atoms (heavy ones only if asked), marking them placed,
     * recording the atom each was reached from in {@code parent} and appending them to {@code order}.
     */
    private void breadthFirst(List<Integer> seeds, boolean heavyOnly, int[] parent, boolean[] placed,
            List<Integer> order) {
        Deque<Integer> queue = new ArrayDeque<>(seeds);
        while (!queue.isEmpty()) {
            int atom = queue.poll();
            for (int next : largestBranchFirst(atom, placed, heavyOnly)) {
                if (!placed[next] && !(heavyOnly && isHydrogen(topology.atoms().get(next)))) {
                    placed[next] = true;
                    parent[next] = atom;
                    order.add(next);
                    queue.add(next);
                }
            }
        }
    }

    private ZMatrix toZMatrix(int[] fixed, List<Integer> order, int[] parent) {
        boolean[] placed = new boolean[topology.atomCount()];
        List<Integer> placedOrder = new ArrayList<>();
        for (int atom : fixed) {
            placed[atom] = true;
            placedOrder.add(atom);
        }
        List<ZMatrix.Entry> entries = new ArrayList<>();
        for (int atom : order) {
            int needed = fixed.length > 0 ? 3 : Math.min(entries.size(), 3);
            entries.add(references(atom, needed, parent, placed, placedOrder));
            placed[atom] = true;
            placedOrder.add(atom);
        }
        return new ZMatrix(topology.atomCount(), fixed, entries);
    }

    private ZMatrix.Entry references(int atom, int needed, int[] parent, boolean[] placed, List<Integer> placedOrder) {
        int[] refs = {ZMatrix.NONE, ZMatrix.NONE, ZMatrix.NONE};
        if (needed >= 1) {
            refs[0] = parent[atom] != ZMatrix.NONE ? parent[atom] : placedNeighbor(refs, atom, atom, placed);
        }
        if (needed >= 2) {
            refs[1] = chainOrNeighbor(refs[0], atom, refs, parent, placed, placedOrder);
        }
        if (needed >= 3) {
            int sibling = placedNeighbor(refs, atom, refs[0], placed);
            refs[2] = sibling != ZMatrix.NONE ? sibling
                    : chainOrNeighbor(refs[1], atom, refs, parent, placed, placedOrder);
        }
        return new ZMatrix.Entry(atom, refs[0], refs[1], refs[2]);
    }

    /**
     * The unplaced neighbours of {@code atom}, those leading to more unplaced atoms first (ties in index order), so
     * that a chain continues along its backbone and side branches become siblings of it.
     */
    private List<Integer> largestBranchFirst(int atom, boolean[] placed, boolean heavyOnly) {
        List<Integer> next = new ArrayList<>();
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int candidate : neighbors[atom]) {
            if (!placed[candidate] && !(heavyOnly && isHydrogen(topology.atoms().get(candidate)))) {
                next.add(candidate);
                sizes.put(candidate, branchSize(atom, candidate, placed, heavyOnly));
            }
        }
        next.sort(Comparator.comparing((Integer c) -> -sizes.get(c)).thenComparing(c -> c));
        return next;
    }

    /** The number of unplaced atoms reachable from {@code start} without passing through {@code from}. */
    private int branchSize(int from, int start, boolean[] placed, boolean heavyOnly) {
        boolean[] seen = new boolean[placed.length];
        seen[from] = true;
        seen[start] = true;
        Deque<Integer> queue = new ArrayDeque<>(List.of(start));
        int size = 0;
        while (!queue.isEmpty()) {
            int atom = queue.poll();
            size++;
            for (int c : neighbors[atom]) {
                if (!seen[c] && !placed[c] && !(heavyOnly && isHydrogen(topology.atoms().get(c)))) {
                    seen[c] = true;
                    queue.add(c);
                }
            }
        }
        return size;
    }

    /** The chain parent of {@code from}, else a placed neighbour of it, of the bond partner, or any placed atom. */
    private int chainOrNeighbor(int from, int atom, int[] refs, int[] parent, boolean[] placed, List<Integer> order) {
        int up = parent[from];
        if (up != ZMatrix.NONE && placed[up] && !used(up, atom, refs)) {
            return up;
        }
        int candidate = placedNeighbor(refs, atom, from, placed);
        if (candidate == ZMatrix.NONE) {
            candidate = placedNeighbor(refs, atom, refs[0], placed);
        }
        if (candidate == ZMatrix.NONE) {
            candidate = order.stream().filter(a -> !used(a, atom, refs)).findFirst().orElse(ZMatrix.NONE);
        }
        if (candidate == ZMatrix.NONE) {
            throw new IllegalArgumentException("cannot find references for atom " + describe(atom)
                    + ": too few atoms placed before it");
        }
        return candidate;
    }

    /** A placed neighbour of {@code center} not yet used, heavy atoms first; {@link ZMatrix#NONE} if none. */
    private int placedNeighbor(int[] refs, int atom, int center, boolean[] placed) {
        int best = ZMatrix.NONE;
        for (int c : neighbors[center]) {
            if (placed[c] && !used(c, atom, refs)) {
                if (!isHydrogen(topology.atoms().get(c))) {
                    return c;
                }
                best = best == ZMatrix.NONE ? c : best;
            }
        }
        return best;
    }

    private static boolean used(int candidate, int atom, int[] refs) {
        return candidate == atom || candidate == refs[0] || candidate == refs[1] || candidate == refs[2];
    }

    /** A heavy atom at one end of the heavy-atom graph (farthest from the first heavy atom); atom 0 if none. */
    private int backboneEnd() {
        int[] heavy = heavyAtoms(topology);
        if (heavy.length == 0) {
            return 0;
        }
        int[] distance = new int[topology.atomCount()];
        Arrays.fill(distance, -1);
        Deque<Integer> queue = new ArrayDeque<>(List.of(heavy[0]));
        distance[heavy[0]] = 0;
        int farthest = heavy[0];
        while (!queue.isEmpty()) {
            int atom = queue.poll();
            if (distance[atom] > distance[farthest]) {
                farthest = atom;
            }
            for (int next : neighbors[atom]) {
                if (distance[next] < 0 && !isHydrogen(topology.atoms().get(next))) {
                    distance[next] = distance[atom] + 1;
                    queue.add(next);
                }
            }
        }
        return farthest;
    }

    private void requireConnected() {
        boolean[] seen = new boolean[topology.atomCount()];
        Deque<Integer> queue = new ArrayDeque<>(List.of(0));
        seen[0] = true;
        while (!queue.isEmpty()) {
            for (int next : neighbors[queue.poll()]) {
                if (!seen[next]) {
                    seen[next] = true;
                    queue.add(next);
                }
            }
        }
        List<Integer> unreached = IntStream.range(0, seen.length).filter(i -> !seen[i]).boxed().toList();
        if (!unreached.isEmpty()) {
            String names = unreached.stream().limit(10).map(this::describe).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("the bond graph is disconnected: " + unreached.size()
                    + " atom(s) are not bonded, directly or indirectly, to atom " + describe(0) + ": " + names
                    + (unreached.size() > 10 ? ", ..." : ""));
        }
    }

    private String describe(int atom) {
        Atom a = topology.atoms().get(atom);
        return atom + " (" + a.name() + " " + a.residueName() + a.residueIndex() + ")";
    }

    private static boolean isHydrogen(Atom atom) {
        return atom.element().equalsIgnoreCase("H") || atom.element().equalsIgnoreCase("D");
    }
}
