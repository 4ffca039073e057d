package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.stream.IntStream;
import org.boltzflow.flows.RowsOutsideDomainException;

/**
 * The six external coordinates of a configuration relative to the standard frame of a global Z-matrix: the position
 * t of the first atom and the rotation R = Rz(α) Ry(β) Rz(γ) that takes the standard frame (second atom on +x, third
 * in the xy plane, y &gt; 0) to the configuration, stored as {@code [tx, ty, tz, α, cos β, γ]}. In (α, cos β, γ)
 * the Haar measure of rotations is the plain volume {@code dα d(cos β) dγ} (total 8π²), so uniform values on
 * [-π, π) × [-1, 1] × [-π, π) are a uniform random rotation and the Jacobian of this parametrization is 1.
 */
final class RigidBodyFrame {
    private final int first;
    private final int second;
    private final int third;

    RigidBodyFrame(ZMatrix zmatrix) {
        first = zmatrix.entries().get(0).atom();
        second = zmatrix.entries().get(1).atom();
        third = zmatrix.entries().get(2).atom();
    }

    /** Standard-frame positions {@code (n, atoms, 3)} moved by external coordinates {@code (n, 6)}. */
    NDArray apply(NDArray standard, NDArray external) {
        double[] u = external.get(":, 4").toDoubleArray();
        long[] outside = IntStream.range(0, u.length).filter(i -> !(u[i] >= -1 && u[i] <= 1)).asLongStream().toArray();
        if (outside.length > 0) {
            int i = (int) outside[0];
            throw new RowsOutsideDomainException("configuration " + i + ": cos β = " + u[i]
                    + " of the external rotation is outside [-1, 1]", outside);
        }
        NDArray ca = external.get(":, 3").cos();
        NDArray sa = external.get(":, 3").sin();
        NDArray cb = external.get(":, 4");
        NDArray sb = cb.square().neg().add(1).sqrt();
        NDArray cg = external.get(":, 5").cos();
        NDArray sg = external.get(":, 5").sin();
        NDArray rotation = NDArrays.stack(new NDList(
                ca.mul(cb).mul(cg).sub(sa.mul(sg)), ca.mul(cb).mul(sg).neg().sub(sa.mul(cg)), ca.mul(sb),
                sa.mul(cb).mul(cg).add(ca.mul(sg)), sa.mul(cb).mul(sg).neg().add(ca.mul(cg)), sa.mul(sb),
                sb.mul(cg).neg(), sb.mul(sg), cb), 1).reshape(-1, 3, 3);
        return standard.matMul(rotation.transpose(0, 2, 1)).add(external.get(":, 0:3").expandDims(1));
    }

    /** The external coordinates {@code (n, 6)} of configurations {@code (n, atoms, 3)}. */
    NDArray measure(NDArray positions) {
        NDArray origin = positions.get(":, " + first + ", :");
        NDArray e1 = Vectors.unit(positions.get(":, " + second + ", :").sub(origin));
        NDArray v = positions.get(":, " + third + ", :").sub(origin);
        NDArray e2 = Vectors.unit(v.sub(e1.mul(Vectors.dot(v, e1).expandDims(-1))));
        NDArray e3 = Vectors.cross(e1, e2);
        NDArray alpha = Vectors.component(e3, 1).atan2(Vectors.component(e3, 0));
        NDArray gamma = Vectors.component(e2, 2).atan2(Vectors.component(e1, 2).neg());
        return NDArrays.concat(new NDList(origin, NDArrays.stack(new NDList(alpha, Vectors.component(e3, 2), gamma),
                1)), 1);
    }
}
