package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/** Batched 3-vector algebra on NDArrays whose last axis has length 3 (differentiable, any leading shape). */
final class Vectors {
    private Vectors() {}

    static NDArray dot(NDArray a, NDArray b) {
        return a.mul(b).sum(new int[] {-1});
    }

    static NDArray norm(NDArray a) {
        return dot(a, a).sqrt();
    }

    static NDArray unit(NDArray a) {
        return a.div(norm(a).expandDims(-1));
    }

    static NDArray cross(NDArray a, NDArray b) {
        NDArray a0 = component(a, 0);
        NDArray a1 = component(a, 1);
        NDArray a2 = component(a, 2);
        NDArray b0 = component(b, 0);
        NDArray b1 = component(b, 1);
        NDArray b2 = component(b, 2);
        return stackLast(a1.mul(b2).sub(a2.mul(b1)), a2.mul(b0).sub(a0.mul(b2)),
                a0.mul(b1).sub(a1.mul(b0)));
    }

    /** Component {@code k} of the last axis (the axis is removed). */
    static NDArray component(NDArray a, int k) {
        return a.get(new NDIndex("..., {}", k));
    }

    /** The rows {@code atoms} of positions {@code (n, atoms, 3)}: shape {@code (n, atoms.length, 3)}. */
    static NDArray atoms(NDArray positions, int[] atoms) {
        long[] index = java.util.Arrays.stream(atoms).asLongStream().toArray();
        return positions.get(new NDIndex(":, {}", positions.getManager().create(index)));
    }

    /** Stacks along a new last axis. */
    static NDArray stackLast(NDArray... parts) {
        return NDArrays.stack(new NDList(parts), -1);
    }
}
