package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;

/**
 * What a conditioner sees of its inputs: a non-circular coordinate as it is, a circular one as (cos, sin) of its
 * angle, so the conditioner is continuous on the circle. Features keep the coordinates' order (coordinate i's
 * features come before coordinate i+1's), which is what an autoregressive conditioner needs.
 */
final class AngleFeatures {
    private final int dim;
    private final boolean anyCircular;
    private final int[] columns;
    private final int[] firsts;

    AngleFeatures(List<Domain> domains) {
        dim = domains.size();
        List<Integer> picked = new ArrayList<>();
        firsts = new int[dim];
        boolean circular = false;
        for (int i = 0; i < dim; i++) {
            firsts[i] = picked.size();
            if (domains.get(i).isCircular()) {
                circular = true;
                picked.add(dim + i);
                picked.add(2 * dim + i);
            } else {
                picked.add(i);
            }
        }
        anyCircular = circular;
        columns = picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The number of features. */
    int size() {
        return columns.length;
    }

    /** For each coordinate, the index of its first feature. */
    int[] firstFeatures() {
        return firsts.clone();
    }

    /** Features {@code (n, size())} of inputs {@code (n, dim)}. */
    NDArray apply(NDArray x) {
        if (!anyCircular) {
            return x;
        }
        return Columns.select(NDArrays.concat(new NDList(x, x.cos(), x.sin()), 1), columns);
    }
}
