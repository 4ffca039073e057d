package org.boltzflow.flows.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ComponentRegistry;

/**
 * The checks every bijective layer must pass (float64): inverse∘forward and forward∘inverse are the identity,
 * the log-determinant equals log|det J| of a central finite-difference Jacobian, forward and inverse log-dets
 * cancel, and a batch gives the same numbers as its rows one at a time. Shared by every module's layer tests.
 * Dimension-changing layers (e.g. Cartesian ↔ internal coordinates) use {@link #assertLogVolumeMatchesJacobian}.
 */
public final class LayerChecks {
    private LayerChecks() {}

    /** {@code inverse(forward(z)) == z} and {@code forward(inverse(x)) == x} to {@code tol}; log-dets cancel. */
    public static void assertRoundTrip(FlowLayer layer, NDArray z, double tol) {
        requireFloat64(z);
        FlowResult fwd = layer.forward(z);
        FlowResult back = layer.inverse(fwd.value());
        assertClose(z.toDoubleArray(), back.value().toDoubleArray(), tol, "inverse(forward(z))");
        assertClose(negate(fwd.logDet().toDoubleArray()), back.logDet().toDoubleArray(), tol,
                "forward and inverse log-dets");
        FlowResult inv = layer.inverse(z);
        FlowResult again = layer.forward(inv.value());
        assertClose(z.toDoubleArray(), again.value().toDoubleArray(), tol, "forward(inverse(x))");
    }

    /** The forward log-det of every row of {@code z} equals log|det| of a finite-difference Jacobian to {@code tol}. */
    public static void assertForwardLogDetMatchesJacobian(FlowLayer layer, NDArray z, double step, double tol) {
        assertLogDetMatchesJacobian(layer::forward, z, step, tol, "forward");
    }

    /** The inverse log-det of every row of {@code x} equals log|det| of a finite-difference Jacobian to {@code tol}. */
    public static void assertInverseLogDetMatchesJacobian(FlowLayer layer, NDArray x, double step, double tol) {
        assertLogDetMatchesJacobian(layer::inverse, x, step, tol, "inverse");
    }

    /** Forward and inverse of a batch give, row by row, what each row gives alone. */
    public static void assertBatchEqualsRows(FlowLayer layer, NDArray z, double tol) {
        assertBatchEqualsRows(layer::forward, z, tol, "forward");
        assertBatchEqualsRows(layer::inverse, z, tol, "inverse");
    }

    private static void assertBatchEqualsRows(Function<NDArray, FlowResult> map, NDArray z, double tol,
            String direction) {
        requireFloat64(z);
        FlowResult batch = map.apply(z);
        double[] batchValue = batch.value().toDoubleArray();
        double[] batchLogDet = batch.logDet().toDoubleArray();
        int n = Math.toIntExact(z.getShape().get(0));
        int dimOut = batchValue.length / n;
        for (int i = 0; i < n; i++) {
            FlowResult row = map.apply(z.get(i + ":" + (i + 1)));
            double[] expected = java.util.Arrays.copyOfRange(batchValue, i * dimOut, (i + 1) * dimOut);
            assertClose(expected, row.value().toDoubleArray(), tol, direction + " of row " + i);
            assertEquals(batchLogDet[i], row.logDet().toDoubleArray()[0], tol, direction + " log-det of row " + i);
        }
    }

    /** log|det J| of {@code map} at one point {@code x} (a {@code double[dim]}), by central differences. */
    public static double finiteDifferenceLogAbsDet(Function<NDArray, FlowResult> map, NDManager manager, double[] x,
            double step) {
        double[][] jacobian = finiteDifferenceJacobian(rowMap(map, manager), x, step);
        double det = new LUDecomposition(new Array2DRowRealMatrix(jacobian, false)).getDeterminant();
        return Math.log(Math.abs(det));
    }

    /** The Jacobian {@code (out, in)} of {@code f} at {@code x} by central differences of width {@code 2 step}. */
    public static double[][] finiteDifferenceJacobian(Function<double[], double[]> f, double[] x, double step) {
        double[][] columns = new double[x.length][];
        for (int j = 0; j < x.length; j++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[j] += step;
            minus[j] -= step;
            double[] fPlus = f.apply(plus);
            double[] fMinus = f.apply(minus);
            columns[j] = new double[fPlus.length];
            for (int i = 0; i < fPlus.length; i++) {
                columns[j][i] = (fPlus[i] - fMinus[i]) / (2 * step);
            }
        }
        return new Array2DRowRealMatrix(columns, false).transpose().getData();
    }

    /**
     * For dimension-changing maps {@code (n, d) -> (n, D)}, D &gt;= d (e.g. internal to Cartesian coordinates): the
     * log-det {@code map} returns for every row of {@code z} equals log sqrt(det(JᵀJ)) of a finite-difference Jacobian,
     * the volume element of the d-dimensional image manifold, to {@code tol}.
     */
    public static void assertLogVolumeMatchesJacobian(Function<NDArray, FlowResult> map, NDArray z, double step,
            double tol) {
        requireFloat64(z);
        int n = Math.toIntExact(z.getShape().get(0));
        int dim = Math.toIntExact(z.getShape().get(1));
        double[] all = z.toDoubleArray();
        double[] logDets = map.apply(z).logDet().toDoubleArray();
        for (int i = 0; i < n; i++) {
            double[] row = java.util.Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
            RealMatrix jacobian = new Array2DRowRealMatrix(
                    finiteDifferenceJacobian(rowMap(map, z.getManager()), row, step), false);
            double gram = new LUDecomposition(jacobian.transpose().multiply(jacobian)).getDeterminant();
            assertEquals(0.5 * Math.log(gram), logDets[i], tol, "log sqrt det(JᵀJ) of row " + i);
        }
    }

    /** {@code map} applied to one row given as a {@code double[]}, returning the output row. */
    public static Function<double[], double[]> rowMap(Function<NDArray, FlowResult> map, NDManager manager) {
        return x -> map.apply(manager.create(x).reshape(1, x.length)).value().toDoubleArray();
    }

    /** Asserts two arrays agree elementwise to {@code tol}, naming the first index that does not. */
    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= tol, what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                    + " (|diff| " + diff + " > " + tol + ")");
        }
    }

    private static void assertLogDetMatchesJacobian(Function<NDArray, FlowResult> map, NDArray points, double step,
            double tol, String direction) {
        requireFloat64(points);
        int n = Math.toIntExact(points.getShape().get(0));
        int dim = Math.toIntExact(points.getShape().get(1));
        double[] all = points.toDoubleArray();
        double[] logDets = map.apply(points).logDet().toDoubleArray();
        for (int i = 0; i < n; i++) {
            double[] row = java.util.Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
            double numeric = finiteDifferenceLogAbsDet(map, points.getManager(), row, step);
            assertEquals(numeric, logDets[i], tol, direction + " log-det of row " + i);
        }
    }

    private static double[] negate(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }

    private static void requireFloat64(NDArray x) {
        if (x.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("layer checks run in float64, got " + x.getDataType());
        }
    }

    /**
     * All checks of a bijective layer at the points {@code z} (float64), with the project's tolerances: round trip
     * both ways to 1e-10, forward log-det (at {@code z}) and inverse log-det (at {@code forward(z)}) against a
     * central finite-difference Jacobian (step 1e-5) to 1e-6, batch equal to rows to 1e-12.
     */
    public static void assertBijection(FlowLayer layer, NDArray z) {
        assertRoundTrip(layer, z, 1e-10);
        assertForwardLogDetMatchesJacobian(layer, z, 1e-5, 1e-6);
        assertInverseLogDetMatchesJacobian(layer, layer.forward(z).value(), 1e-5, 1e-6);
        assertBatchEqualsRows(layer, z, 1e-12);
    }

    /**
     * Adds {@code scale} times seeded standard normal noise to every trainable parameter of {@code model} (fixed
     * statistics are left alone), so tests run on a non-trivial layer rather than its identity initialisation.
     */
    public static void perturb(HasParameters model, double scale, long seed) {
        List<Parameter> parameters = model.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray array = parameters.get(i).getArray();
            if (!parameters.get(i).requiresGradient()) {
                continue;
            }
            NDArray noise = Rng.normal(array.getManager(), array.getShape(), array.getDataType(), Rng.derive(seed, i));
            try (NDArray updated = array.add(noise.mul(scale))) {
                array.set(updated.toByteBuffer());
            }
            noise.close();
        }
    }

    /** Copies the values of every parameter of {@code from} into {@code to} (same architecture, same order). */
    public static void copyParameters(HasParameters from, HasParameters to) {
        List<Parameter> source = from.parameters();
        List<Parameter> target = to.parameters();
        assertEquals(source.size(), target.size(), "number of parameters");
        for (int i = 0; i < source.size(); i++) {
            assertEquals(source.get(i).getArray().getShape(), target.get(i).getArray().getShape(),
                    "shape of parameter " + i);
            target.get(i).getArray().set(source.get(i).getArray().toByteBuffer());
        }
    }

    /**
     * Rebuilds {@code layer} from its {@code toJson()} through the {@link ComponentRegistry}, loads its parameter
     * values, and asserts the copy maps {@code z} exactly as the original does in both directions.
     */
    public static FlowLayer assertRebuildsFromJson(FlowLayer layer, NDArray z) {
        FlowLayer copy = ComponentRegistry.load().create(layer.toJson(), z.getManager(), FlowLayer.class);
        assertEquals(layer.toJson(), copy.toJson(), "architecture JSON of the rebuilt layer");
        copyParameters(layer, copy);
        assertClose(layer.forward(z).value().toDoubleArray(), copy.forward(z).value().toDoubleArray(), 0,
                "forward of the rebuilt layer");
        assertClose(layer.inverse(z).logDet().toDoubleArray(), copy.inverse(z).logDet().toDoubleArray(), 0,
                "inverse log-det of the rebuilt layer");
        return copy;
    }
}
