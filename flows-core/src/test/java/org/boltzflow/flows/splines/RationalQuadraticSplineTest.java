package org.boltzflow.flows.splines;

import static org.boltzflow.flows.testing.LayerChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RationalQuadraticSplineTest {
    private static final SplineSettings SETTINGS = SplineSettings.of(8);

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void unboundedSplineIsExactOnKnotsEdgesAndTails() {
        Domain domain = Domain.unbounded(3.0);
        checkLayer(domain, 11L, new double[] {-7.5, 12.0, -3.01, 3.01});
    }

    @Test
    void boundedSplineIsExactOnKnotsAndInside() {
        Domain domain = Domain.bounded(-1.0, 2.0);
        checkLayer(domain, 12L, new double[] {-1.0 + 1e-6, 2.0 - 1e-6});
    }

    @Test
    void circularSplineIsExactOnKnotsAndAtPlusMinusPi() {
        Domain domain = Domain.circular();
        checkLayer(domain, 13L, new double[] {3 * Math.PI - 0.2, -Math.PI - 0.5});
    }

    @Test
    void boundedSplineEndsAreFixedAndRoundTrip() {
        try (NDManager m = NDManager.newBaseManager()) {
            FixedSpline layer = layer(m, List.of(Domain.bounded(-1.0, 2.0)), 14L, 2.0);
            NDArray ends = m.create(new double[] {-1.0, 2.0}).reshape(2, 1);
            assertClose(new double[] {-1.0, 2.0}, layer.forward(ends).value().toDoubleArray(), 1e-12, "bounded ends");
            LayerChecks.assertRoundTrip(layer, ends, 1e-10);
        }
    }

    @Test
    void mixedDomainsWorkSideBySideInOneBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Domain> domains = List.of(Domain.unbounded(4.0), Domain.circular(), Domain.bounded(0.0, 1.0));
            FixedSpline layer = layer(m, domains, 15L, 1.0);
            NDArray points = m.create(new double[][] {{-5.0, 1.0, 0.3}, {0.2, -Math.PI, 0.99}, {3.9, 3.0, 0.01},
                    {9.0, Math.PI, 0.5}});
            LayerChecks.assertRoundTrip(layer, points, 1e-10);
            LayerChecks.assertForwardLogDetMatchesJacobian(layer, points, 1e-7, 1e-6);
            LayerChecks.assertInverseLogDetMatchesJacobian(layer, points, 1e-7, 1e-6);
            LayerChecks.assertBatchEqualsRows(layer, points, 1e-12);
        }
    }

    @Test
    void zeroParametersGiveTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Domain> domains = List.of(Domain.unbounded(2.0), Domain.circular(), Domain.bounded(0.0, 1.0));
            FixedSpline layer = layer(m, domains, 0L, 0.0);
            NDArray points = m.create(new double[][] {{-1.3, 2.5, 0.25}, {1.9, -0.4, 0.7}});
            FlowResult r = layer.forward(points);
            assertClose(points.toDoubleArray(), r.value().toDoubleArray(), 1e-12, "identity");
            assertClose(new double[] {0, 0}, r.logDet().toDoubleArray(), 1e-12, "identity log-det");
        }
    }

    @Test
    void denseGridIsStrictlyIncreasingAndContinuous() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Domain domain : List.of(Domain.unbounded(3.0), Domain.bounded(-2.0, 1.0), Domain.circular())) {
                FixedSpline layer = layer(m, List.of(domain), 16L, 3.0);
                double lo = domain.kind() == Domain.Kind.UNBOUNDED ? -4.5 : domain.low();
                double hi = domain.kind() == Domain.Kind.UNBOUNDED ? 4.5 : domain.high();
                int n = 20001;
                double h = (hi - lo) / (n - 1);
                double[] grid = new double[n];
                for (int i = 0; i < n; i++) {
                    grid[i] = lo + i * h;
                }
                FlowResult r = layer.forward(m.create(grid).reshape(n, 1));
                double[] y = r.value().toDoubleArray();
                double maxSlope = 0;
                for (double ld : r.logDet().toDoubleArray()) {
                    maxSlope = Math.max(maxSlope, Math.exp(ld));
                }
                for (int i = 0; i + 1 < n; i++) {
                    double step = y[i + 1] - y[i];
                    assertTrue(step > 0, domain + ": not increasing at " + grid[i]);
                    assertTrue(step <= maxSlope * h * 1.001, domain + ": jump at " + grid[i] + " of " + step);
                }
            }
        }
    }

    @Test
    void circularMapIsPeriodicInValueAndDerivative() {
        try (NDManager m = NDManager.newBaseManager()) {
            FixedSpline layer = layer(m, List.of(Domain.circular()), 17L, 2.0);
            double h = 1e-6;
            double[] x = {-Math.PI, Math.PI, -Math.PI + h, Math.PI - h};
            FlowResult r = layer.forward(m.create(x).reshape(4, 1));
            double[] y = r.value().toDoubleArray();
            double[] logDet = r.logDet().toDoubleArray();
            assertEquals(2 * Math.PI, y[1] - y[0], 1e-12, "f(π) - f(-π)");
            assertEquals(logDet[0], logDet[1], 1e-12, "log f' at -π and π");
            double slopeAfterMinusPi = (y[2] - y[0]) / h;
            double slopeBeforePi = (y[1] - y[3]) / h;
            assertEquals(slopeAfterMinusPi, slopeBeforePi, 1e-4, "one-sided slopes at -π and π");
            assertEquals(Math.exp(logDet[0]), slopeAfterMinusPi, 1e-4, "slope at -π");
            assertTrue(Math.abs(Math.exp(logDet[0]) - 1.0) > 0.05, "boundary derivative is free, not fixed to 1");
        }
    }

    @Test
    void extremeParametersGiveFiniteValuesAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Domain> domains = List.of(Domain.unbounded(3.0), Domain.circular(), Domain.bounded(0.0, 1.0));
            int p = SETTINGS.parametersPerDimension();
            RationalQuadraticSpline spline = new RationalQuadraticSpline(domains, SETTINGS);
            NDArray points = m.create(new double[][] {{-5.0, -Math.PI, 0.0}, {0.0, 0.0, 0.5}, {2.999, Math.PI, 1.0},
                    {1e-4, 1.0, 0.999}, {30.0, -3.0, 0.001}});
            for (double sign : new double[] {1.0, -1.0}) {
                NDArray signs = Rng.normal(m, new Shape(5, 3, p), DataType.FLOAT64, 18L).sign();
                NDArray params = signs.mul(1e3 * sign);
                params.setRequiresGradient(true);
                NDArray x = points.duplicate();
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    FlowResult fwd = spline.forward(x, params);
                    FlowResult inv = spline.inverse(x, params);
                    NDArray total = fwd.value().sum().add(fwd.logDet().sum()).add(inv.value().sum())
                            .add(inv.logDet().sum());
                    assertAllFinite(fwd.value(), "forward value");
                    assertAllFinite(fwd.logDet(), "forward log-det");
                    assertAllFinite(inv.value(), "inverse value");
                    assertAllFinite(inv.logDet(), "inverse log-det");
                    gc.backward(total);
                }
                assertAllFinite(params.getGradient(), "parameter gradient");
                assertAllFinite(x.getGradient(), "input gradient");
            }
        }
    }

    private static void assertAllFinite(NDArray a, String what) {
        for (double v : a.toDoubleArray()) {
            assertTrue(Double.isFinite(v), what + " has " + v);
        }
    }

    /**
     * Round trip, forward and inverse log-dets against finite differences, for random points of the interval,
     * {@code extra} points, every knot (in and out; the ends too, except for BOUNDED, whose map is not differentiable
     * there) and points 1e-9 either side. Near knots the second derivative jumps, so the finite difference there
     * takes a smaller step.
     */
    private static void checkLayer(Domain domain, long seed, double[] extra) {
        try (NDManager m = NDManager.newBaseManager()) {
            FixedSpline layer = layer(m, List.of(domain), seed, 0.5);
            SplineKnots knots = layer.spline().knots(layer.params());
            double[] xKnots = knots.inputs().toDoubleArray();
            double[] yKnots = knots.outputs().toDoubleArray();
            double[] random = Rng.uniform(m, new Shape(20), DataType.FLOAT64, domain.low(), domain.high(), seed)
                    .toDoubleArray();
            checkPoints(layer, column(m, random), 1e-6);
            checkPoints(layer, column(m, extra), 1e-6);
            List<Double> nearKnots = new ArrayList<>();
            boolean ends = domain.kind() != Domain.Kind.BOUNDED;
            for (int k = ends ? 0 : 1; k < (ends ? xKnots.length : xKnots.length - 1); k++) {
                for (double offset : new double[] {0.0, 1e-9, -1e-9}) {
                    nearKnots.add(xKnots[k] + offset);
                    nearKnots.add(yKnots[k] + offset);
                }
            }
            checkPoints(layer, column(m, nearKnots.stream().mapToDouble(Double::doubleValue).toArray()), 3e-8);
            assertClose(yKnots, layer.forward(column(m, xKnots)).value().toDoubleArray(), 1e-12,
                    "knots map onto knots");
        }
    }

    private static void checkPoints(FixedSpline layer, NDArray z, double step) {
        LayerChecks.assertRoundTrip(layer, z, 1e-10);
        LayerChecks.assertForwardLogDetMatchesJacobian(layer, z, step, 1e-6);
        LayerChecks.assertInverseLogDetMatchesJacobian(layer, z, step, 1e-6);
        LayerChecks.assertGradientSurvivesGc(layer, z);
    }

    private static NDArray column(NDManager m, double[] values) {
        return m.create(values).reshape(values.length, 1);
    }

    private static FixedSpline layer(NDManager m, List<Domain> domains, long seed, double scale) {
        Shape shape = new Shape(1, domains.size(), SETTINGS.parametersPerDimension());
        NDArray params = Rng.normal(m, shape, DataType.FLOAT64, seed).mul(scale);
        return new FixedSpline(new RationalQuadraticSpline(domains, SETTINGS), params);
    }
}
