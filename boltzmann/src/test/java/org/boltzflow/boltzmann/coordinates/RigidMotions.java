package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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

    /** {@code forward(inverse(x))} reproduces every frame up to a rigid motion to 1e-10 nm. */
    static void assertCartesianRoundTrip(FlowLayer layer, NDManager manager, double[][] frames) {
        int width = frames[0].length;
        NDArray x = manager.create(TestMolecules.flatten(frames), new Shape(frames.length, width));
        double[] back = layer.forward(layer.inverse(x).value()).value().toDoubleArray();
        for (int f = 0; f < frames.length; f++) {
            double deviation = maxDeviationAfterSuperposition(frames[f], Arrays.copyOfRange(back, f * width,
                    (f + 1) * width));
            assertTrue(deviation < 1e-10, "frame " + f + " deviates by " + deviation + " nm");
        }
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
        int dim = Math.toIntExact(z.getShape().get(1));
        Function<double[], double[]> forward = LayerChecks.rowMap(layer::forward, z.getManager());
        Function<double[], double[]> augmented = p -> move(forward.apply(Arrays.copyOf(p, dim)),
                Arrays.copyOfRange(p, dim + 3, dim + 6), Arrays.copyOfRange(p, dim, dim + 3));
        LayerChecks.assertLogDetPerRow(layer::forward, z, row -> {
            double[][] jacobian = LayerChecks.finiteDifferenceJacobian(augmented, Arrays.copyOf(row, dim + 6), step);
            return Math.log(Math.abs(new LUDecomposition(new Array2DRowRealMatrix(jacobian, false)).getDeterminant()));
        }, tol, "log|det| with rigid motions");
    }

    /** {@code layer.forward} with its log-det reduced by {@code correction(x)}, for manifold volume checks. */
    static Function<NDArray, FlowResult> minus(FlowLayer layer, Function<NDArray, NDArray> correction) {
        return z -> {
            FlowResult r = layer.forward(z);
            return new FlowResult(r.value(), r.logDet().sub(correction.apply(r.value())));
        };
    }
}
