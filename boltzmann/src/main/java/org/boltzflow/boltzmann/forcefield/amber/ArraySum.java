package org.boltzflow.boltzmann.forcefield.amber;

/**
 * The sum of an array's first elements in four interleaved partial sums: four independent chains of additions
 * instead of one, so that summing a term's per-element energies does not wait on each addition in turn. The order
 * is fixed, so the result is deterministic.
 */
final class ArraySum {
    private ArraySum() {}

    /** values[0] + ... + values[count - 1]. */
    static double of(double[] values, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < count; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
