package org.boltzflow.flows.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
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

    /** {@code map} of a batch gives, row by row, what each row gives alone (also for dimension-changing maps). */
    public static void assertBatchEqualsRows(Function<NDArray, FlowResult> map, NDArray z, double tol,
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
        assertLogDetPerRow(map, z, row -> {
            RealMatrix jacobian = new Array2DRowRealMatrix(
                    finiteDifferenceJacobian(rowMap(map, z.getManager()), row, step), false);
            return 0.5 * Math.log(new LUDecomposition(jacobian.transpose().multiply(jacobian)).getDeterminant());
        }, tol, "log sqrt det(JᵀJ)");
    }

    /** For every row of {@code points}, the log-det {@code map} returns equals {@code expected(row)} to {@code tol}. */
    public static void assertLogDetPerRow(Function<NDArray, FlowResult> map, NDArray points,
            ToDoubleFunction<double[]> expected, double tol, String what) {
        requireFloat64(points);
        int n = Math.toIntExact(points.getShape().get(0));
        int dim = Math.toIntExact(points.getShape().get(1));
        double[] all = points.toDoubleArray();
        double[] logDets = map.apply(points).logDet().toDoubleArray();
        for (int i = 0; i < n; i++) {
            double[] row = java.util.Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
            assertEquals(expected.applyAsDouble(row), logDets[i], tol, what + " of row " + i);
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
        assertLogDetPerRow(map, points, row -> finiteDifferenceLogAbsDet(map, points.getManager(), row, step), tol,
                direction + " log-det");
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
        assertGradientSurvivesGc(layer, z);
    }

    /**
     * Gradients survive garbage collection: the gradient of {@code Σ value + Σ logDet} with respect to the trainable
     * parameters and the input, through {@code forward} at {@code z} and through {@code inverse} at
     * {@code forward(z)}, is finite and the same to 1e-12 whether or not the JVM collects garbage between the forward
     * pass and backward. Catches array operands that are freed while autograd still needs them (DJL's number
     * overloads of {@code mul}/{@code div}/{@code pow}/... do that; use {@link org.boltzflow.flows.NDMath}).
     */
    public static void assertGradientSurvivesGc(FlowLayer layer, NDArray z) {
        assertGradientSurvivesGc(layer, layer::forward, z, "forward");
        assertGradientSurvivesGc(layer, layer::inverse, layer.forward(z).value(), "inverse");
    }

    /** {@link #assertGradientSurvivesGc(FlowLayer, NDArray)} for any map, e.g. a target's or a distribution's. */
    public static void assertGradientSurvivesGc(HasParameters model, Function<NDArray, FlowResult> map, NDArray z,
            String what) {
        double[] calm = gradients(model, map, z, false);
        double[] collected = gradients(model, map, z, true);
        for (int i = 0; i < calm.length; i++) {
            assertTrue(Double.isFinite(calm[i]) && Double.isFinite(collected[i]),
                    what + ": gradient entry " + i + " is not finite");
        }
        assertClose(calm, collected, 1e-12, what + ": gradient with garbage collection before backward");
    }

    private static double[] gradients(HasParameters model, Function<NDArray, FlowResult> map, NDArray z,
            boolean collectGarbage) {
        NDArray point = z.duplicate();
        point.setRequiresGradient(true);
        List<NDArray> inputs = new ArrayList<>(List.of(point));
        for (Parameter parameter : model.parameters()) {
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                array.getGradient().muli(0);
                inputs.add(array);
            }
        }
        List<Double> values = new ArrayList<>();
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            FlowResult r = map.apply(point);
            NDArray objective = r.value().sum().add(r.logDet().sum());
            if (collectGarbage) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    System.runFinalization();
                }
            }
            collector.backward(objective);
            for (NDArray input : inputs) {
                for (double g : input.getGradient().toDoubleArray()) {
                    values.add(g);
                }
            }
        }
        point.close();
        return values.stream().mapToDouble(Double::doubleValue).toArray();
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

    /**
     * Autograd through {@code layer.forward} is right: the gradient of {@code Σ w·x + Σ logDet} (w seeded standard
     * normal weights on the output) with respect to the entries {@code coordinates} of the flattened {@code z}
     * equals a central difference of step {@code step} to {@code tol} (relative above 1). What reverse-KL training
     * differentiates through.
     */
    public static void assertForwardGradientMatchesFiniteDifference(FlowLayer layer, NDArray z, int[] coordinates,
            double step, double tol, long seed) {
        assertGradientMatchesFiniteDifference(layer::forward, z, coordinates, step, tol, seed);
    }

    /**
     * {@link #assertForwardGradientMatchesFiniteDifference} through {@code layer.inverse} at data points {@code x}:
     * what {@code ∇ₓ log q(x)} (score-based uses, MCMC toward the flow's own density) differentiates through.
     */
    public static void assertInverseGradientMatchesFiniteDifference(FlowLayer layer, NDArray x, int[] coordinates,
            double step, double tol, long seed) {
        assertGradientMatchesFiniteDifference(layer::inverse, x, coordinates, step, tol, seed);
    }

    private static void assertGradientMatchesFiniteDifference(Function<NDArray, FlowResult> map, NDArray z,
            int[] coordinates, double step, double tol, long seed) {
        requireFloat64(z);
        NDManager manager = z.getManager();
        NDArray point = z.duplicate();
        point.setRequiresGradient(true);
        double[] gradient;
        NDArray weights;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            FlowResult r = map.apply(point);
            weights = Rng.normal(manager, r.value().getShape(), DataType.FLOAT64, seed);
            collector.backward(r.value().mul(weights).sum().add(r.logDet().sum()));
            gradient = point.getGradient().toDoubleArray();
        }
        double[] values = z.toDoubleArray();
        for (int j : coordinates) {
            double[] plus = values.clone();
            double[] minus = values.clone();
            plus[j] += step;
            minus[j] -= step;
            double numeric = (weightedOutput(map, manager.create(plus, z.getShape()), weights)
                    - weightedOutput(map, manager.create(minus, z.getShape()), weights)) / (2 * step);
            assertEquals(numeric, gradient[j], tol * Math.max(1, Math.abs(numeric)), "gradient of entry " + j);
        }
    }

    private static double weightedOutput(Function<NDArray, FlowResult> map, NDArray z, NDArray weights) {
        FlowResult r = map.apply(z);
        return r.value().mul(weights).sum().add(r.logDet().sum()).getDouble();
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

    /**
     * All checks of {@link #assertBijection} for a conditional layer, at the points {@code z} with one context row
     * each: on the joint input {@code [z, context]}, which the layer maps to {@code [f(z; context), context]}. That
     * map has the layer's log-det (its Jacobian is block triangular), gives each row its own context in the
     * batch-equals-rows check, and carries gradients to the context too. Then the layer is rebuilt from its JSON.
     */
    public static void assertConditionalBijection(FlowLayer layer, NDArray z, NDArray context) {
        assertEquals(context.getShape().get(1), layer.contextSize(), "context size of the layer");
        FlowLayer joint = new JointWithContext(layer, Math.toIntExact(z.getShape().get(1)));
        assertBijection(joint, z.concat(context, 1));
        FlowLayer copy = ComponentRegistry.load().create(layer.toJson(), z.getManager(), FlowLayer.class);
        assertEquals(layer.toJson(), copy.toJson(), "architecture JSON of the rebuilt layer");
        copyParameters(layer, copy);
        assertClose(layer.forward(z, context).value().toDoubleArray(), copy.forward(z, context).value()
                .toDoubleArray(), 0, "forward of the rebuilt layer");
        assertClose(layer.inverse(z, context).logDet().toDoubleArray(), copy.inverse(z, context).logDet()
                .toDoubleArray(), 0, "inverse log-det of the rebuilt layer");
    }

    /** A conditional layer as a bijection of {@code [z, context]} that passes the context through. */
    private record JointWithContext(FlowLayer layer, int dim) implements FlowLayer {
        @Override
        public FlowResult forward(NDArray zc) {
            return apply(zc, true);
        }

        @Override
        public FlowResult inverse(NDArray xc) {
            return apply(xc, false);
        }

        private FlowResult apply(NDArray input, boolean forward) {
            NDArray point = input.get(":, :" + dim);
            NDArray context = input.get(":, " + dim + ":");
            FlowResult r = forward ? layer.forward(point, context) : layer.inverse(point, context);
            return new FlowResult(r.value().concat(context, 1), r.logDet());
        }

        @Override
        public List<Parameter> parameters() {
            return layer.parameters();
        }

        @Override
        public com.google.gson.JsonObject toJson() {
            return layer.toJson();
        }
    }
}
