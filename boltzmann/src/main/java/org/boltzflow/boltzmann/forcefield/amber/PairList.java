package org.boltzflow.boltzmann.forcefield.amber;

/**
 * A list of atom pairs i &lt; j grouped in rows by i (ascending i, then ascending j): pair p of row i is
 * (i, {@link #partner}[p]) for p from {@link #rowStart}[i] to rowStart[i + 1]. Immutable.
 */
final class PairList {
    final int atoms;
    final int[] rowStart;
    final int[] partner;

    private PairList(int atoms, int[] rowStart, int[] partner) {
        this.atoms = atoms;
        this.rowStart = rowStart;
        this.partner = partner;
    }

    /** Every pair of {@code atoms} atoms, p running over 0-1, 0-2, ..., 1-2, .... */
    static PairList all(int atoms) {
        return of(atoms, null);
    }

    /** The pairs whose entry in {@code keep} (indexed as in {@link #all}) is true; every pair if it is null. */
    static PairList of(int atoms, boolean[] keep) {
        int[] rowStart = new int[atoms + 1];
        int[] partner = new int[atoms * Math.max(0, atoms - 1) / 2];
        int count = 0;
        for (int i = 0, pair = 0; i < atoms; i++) {
            rowStart[i] = count;
            for (int j = i + 1; j < atoms; j++, pair++) {
                if (keep == null || keep[pair]) {
                    partner[count++] = j;
                }
            }
        }
        rowStart[atoms] = count;
        return new PairList(atoms, rowStart, java.util.Arrays.copyOf(partner, count));
    }

    /** The number of pairs. */
    int size() {
        return partner.length;
    }

    /** Whether this list holds every pair of its atoms. */
    boolean complete() {
        return size() == atoms * (atoms - 1) / 2;
    }
}
