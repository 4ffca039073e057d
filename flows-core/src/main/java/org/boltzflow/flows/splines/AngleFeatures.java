package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;

/**
 * What a conditioner sees of its inputs: non-circular coordinates as they are, each circular one as (cos, sin) of
 * its angle, so the conditioner is continuous on the circle. Features come in the order: non-circular inputs, then
 * the cosines, then the sines; {@link #sources()} says which input each feature comes from.
 */
final class AngleFeatures {
    private final int[] plain;
    private final int[] angles;
    private final int[] sources;

    AngleFeatures(List<Domain> domains) {
        List<Integer> p = new ArrayList<>();
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            (domains.get(i).isCircular() ? a : p).add(i);
        }
        plain = p.stream().mapToInt(Integer::intValue).toArray();
        angles = a.stream().mapToInt(Integer::intValue).toArray();
        sources = new int[plain.length + 2 * angles.length];
        System.arraycopy(plain, 0, sources, 0, plain.length);
        System.arraycopy(angles, 0, sources, plain.length, angles.length);
        System.arraycopy(angles, 0, sources, plain.length + angles.length, angles.length);
    }

    /** The number of features. */
    int size() {
        return sources.length;
    }

    /** For each feature, the index of the input coordinate it is made from. */
    int[] sources() {
        return sources.clone();
    }

    /** Features {@code (n, size())} of inputs {@code (n, dim)}. */
    NDArray apply(NDArray x) {
        if (angles.length == 0) {
            return x;
        }
        NDArray theta = Columns.select(x, angles);
        NDList parts = new NDList();
        if (plain.length > 0) {
            parts.add(Columns.select(x, plain));
        }
        parts.add(theta.cos());
        parts.add(theta.sin());
        return NDArrays.concat(parts, 1);
    }
}
