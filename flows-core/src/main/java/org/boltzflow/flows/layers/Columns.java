package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import org.boltzflow.flows.splines.Constants;

/** Picks columns of a batch {@code (n, dim)} by index, differentiably. */
final class Columns {
    private Columns() {}

    /** The columns {@code indices} of {@code x}, in that order: {@code (n, indices.length)}. */
    static NDArray select(NDArray x, int[] indices) {
        long n = x.getShape().get(0);
        long[] idx = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            idx[i] = indices[i];
        }
        return x.gather(Constants.of(x.getManager(), idx, 1, idx.length).broadcast(n, idx.length), 1);
    }

    /** The positions {@code p} with {@code order[p[j]] == j}: selecting them undoes a selection by {@code order}. */
    static int[] inverse(int[] order) {
        int[] positions = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            positions[order[i]] = i;
        }
        return positions;
    }
}
