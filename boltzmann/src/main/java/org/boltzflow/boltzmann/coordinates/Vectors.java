package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * 3-vector algebra in one place: distances, bond angles and dihedrals of atoms in flat {@code double[3N]}
 * configurations (public), and batched, differentiable versions on NDArrays whose last axis has length 3 (for the
 * coordinate layers). The same measures with their Cartesian derivatives, for force-field terms, are in
 * {@link InternalGradients}; many vectors at once in columns, for vectorized kernels, in {@link ColumnVectors}.
 */
public final class Vectors {
    private Vectors() {}

    /** The distance between atoms {@code a} and {@code b} of the configuration starting at {@code offset}. */
    public static double distance(double[] xyz, int offset, int a, int b) {
        double[] d = difference(xyz, offset, b, a);
        return Math.sqrt(dot(d, d));
    }

    /** The bond angle a-b-c in radians, in [0, π], of the configuration starting at {@code offset}. */
    public static double angle(double[] xyz, int offset, int a, int b, int c) {
        double[] u = difference(xyz, offset, a, b);
        double[] v = difference(xyz, offset, c, b);
        double[] n = cross(u, v);
        return Math.atan2(Math.sqrt(dot(n, n)), dot(u, v));
    }

    /**
     * The dihedral a-b-c-d in radians, in [-π, π), by the IUPAC convention (the sign of a right-handed rotation
     * about the b-c bond, as OpenMM and MDTraj measure it), of the configuration starting at {@code offset}.
     */
    public static double dihedral(double[] xyz, int offset, int a, int b, int c, int d) {
        double[] b1 = difference(xyz, offset, b, a);
        double[] b2 = difference(xyz, offset, c, b);
        double[] b3 = difference(xyz, offset, d, c);
        double[] n1 = cross(b1, b2);
        double[] n2 = cross(b2, b3);
        double y = Math.sqrt(dot(b2, b2)) * dot(b1, n2);
        double angle = Math.atan2(y, dot(n1, n2));
        return angle >= Math.PI ? angle - 2 * Math.PI : angle;
    }

    /** {@code x_to - x_from} of two atoms of the configuration starting at {@code offset}. */
    public static double[] difference(double[] xyz, int offset, int to, int from) {
        int i = offset + 3 * to;
        int j = offset + 3 * from;
        return new double[] {xyz[i] - xyz[j], xyz[i + 1] - xyz[j + 1], xyz[i + 2] - xyz[j + 2]};
    }

    /** The cross product of two 3-vectors. */
    public static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    /** The dot product of two 3-vectors. */
    public static double dot(double[] u, double[] v) {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }

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
