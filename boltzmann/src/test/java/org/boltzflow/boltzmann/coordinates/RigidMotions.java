package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.testing.LayerChecks;

/** Rigid motions of configurations and the checks built on them for the coordinate layers. */
final class RigidMotions {
    private RigidMotions() {}

    /** {@code xyz} rotated by the rotation vector {@code omega} (Rodrigues) about the origin, then shifted by {@code t}. */
    static double[] move(double[] xyz, double[] omega, double[] t) {
        double angle = Math.sqrt(omega[0] * omega[0] + omega[1] * omega[1] + omega[2] * omega[2]);
        double[] k = angle == 0 ? new double[] {1, 0, 0} : new double[] {omega[0] / angle, omega[1] / angle,
            omega[2] / angle};
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[] out = new double[xyz.length];
        for (int i = 0; i < xyz.length / 3; i++) {
            double[] v = {xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]};
            double kv = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
            double[] kxv = {k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]};
            for (int a = 0; a < 3; a++) {
                out[3 * i + a] = v[a] * c + kxv[a] * s + k[a] * kv * (1 - c) + t[a];
            }
        }
        return out;
    }

    /** The largest coordinate difference (nm) between {@code a} and {@code b} after superposing {@code b} onto a. */
    static double maxDeviationAfterSuperposition(double[] a, double[] b) {
        int[] all = IntStream.range(0, a.length / 3).toArray();
        double[] reference = move(a, new double[3], minusCentroid(a));
        double[] moved = Superposition.superpose(b, all, reference);
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs(moved[k] - reference[k]));
        }
        return max;
    }

    private static double[] minusCentroid(double[] xyz) {
        double[] minus = new double[3];
        for (int i = 0; i < xyz.length; i++) {
            minus[i % 3] -= 3.0 * xyz[i] / xyz.length;
        }
        return minus;
    }

    /**
     * The forward log-det of {@code layer} equals log|det| of the square finite-difference Jacobian of
     * (z, t, ω) ↦ R(ω) x(z) + t at t = 0, ω = 0: the density over Cartesian space when the rigid motion (translation
     * and rotation, Haar measure) is uniform, i.e. the density modulo rigid motion of the class documentation.
     */
    static void assertQuotientLogDet(FlowLayer layer, NDArray z, double step, double tol) {
        NDManager manager = z.getManager();
        int n = Math.toIntExact(z.getShape().get(0));
        int dim = Math.toIntExact(z.getShape().get(1));
        double[] all = z.toDoubleArray();
        double[] logDets = layer.forward(z).logDet().toDoubleArray();
        Function<double[], double[]> forward = LayerChecks.rowMap(layer::forward, manager);
        for (int i = 0; i < n; i++) {
            double[] point = Arrays.copyOf(Arrays.copyOfRange(all, i * dim, (i + 1) * dim), dim + 6);
            Function<double[], double[]> augmented = p -> move(forward.apply(Arrays.copyOf(p, dim)),
                    Arrays.copyOfRange(p, dim + 3, dim + 6), Arrays.copyOfRange(p, dim, dim + 3));
            double[][] jacobian = LayerChecks.finiteDifferenceJacobian(augmented, point, step);
            double det = new LUDecomposition(new Array2DRowRealMatrix(jacobian, false)).getDeterminant();
            assertEquals(Math.log(Math.abs(det)), logDets[i], tol, "log|det| with rigid motions, row " + i);
        }
    }

    /** {@code layer.forward} with its log-det reduced by {@code correction(x)}, for manifold volume checks. */
    static Function<NDArray, FlowResult> minus(FlowLayer layer, Function<NDArray, NDArray> correction) {
        return z -> {
            FlowResult r = layer.forward(z);
            return new FlowResult(r.value(), r.logDet().sub(correction.apply(r.value())));
        };
    }
}
