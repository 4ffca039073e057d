package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NDMath;

/**
 * Monotone rational-quadratic splines (Durkan et al. 2019, "Neural Spline Flows"), one per dimension, with
 * {@code K} bins on each dimension's interval [low, high], built from unnormalized widths, heights and derivatives
 * {@code (n, dim, 3K + 1)} (see {@link SplineSettings#parametersPerDimension()}). The domain kind decides the knot
 * derivatives at the ends: UNBOUNDED fixes both to 1 (the map is the identity outside the interval, with a
 * continuous derivative); BOUNDED uses both as given; CIRCULAR ties the last to the first so the map is smooth on
 * the circle (Rezende et al. 2020), and extends the map periodically (f(x + P) = f(x) + P for the period P = high -
 * low), so it is a smooth map of the circle for any lift of the angle. Outside the interval, UNBOUNDED and BOUNDED
 * points pass unchanged (for BOUNDED they are invalid input). All-zero parameters give the identity.
 *
 * <p>Both directions are closed form (the inverse solves the bin's quadratic in its cancellation-free form) and
 * differentiable; the branches that are masked out are evaluated on clamped inputs, so they never put NaN into
 * gradients.
 */
public final class RationalQuadraticSpline {
    private final List<Domain> domains;
    private final SplineSettings settings;
    private final double[] lows;
    private final double[] highs;
    private final double[] unbounded;
    private final double[] bounded;
    private final double[] circular;
    private final double derivativeShift;

    /** Splines on the dimensions described by {@code domains}. */
    public RationalQuadraticSpline(List<Domain> domains, SplineSettings settings) {
        this.domains = List.copyOf(domains);
        this.settings = settings;
        int dim = domains.size();
        lows = new double[dim];
        highs = new double[dim];
        unbounded = new double[dim];
        bounded = new double[dim];
        circular = new double[dim];
        for (int i = 0; i < dim; i++) {
            Domain d = domains.get(i);
            lows[i] = d.low();
            highs[i] = d.high();
            unbounded[i] = d.kind() == Domain.Kind.UNBOUNDED ? 1 : 0;
            bounded[i] = d.kind() == Domain.Kind.BOUNDED ? 1 : 0;
            circular[i] = d.kind() == Domain.Kind.CIRCULAR ? 1 : 0;
        }
        derivativeShift = Math.log(Math.expm1(1.0 - settings.minDerivative()));
    }

    public List<Domain> domains() {
        return domains;
    }

    public SplineSettings settings() {
        return settings;
    }

    /** {@code y = f(x)} for {@code x (n, dim)} and parameters {@code (n, dim, 3K + 1)}; log|det ∂y/∂x| per row. */
    public FlowResult forward(NDArray x, NDArray params) {
        return transform(x, params, false);
    }

    /** {@code x = f⁻¹(y)} for the same parameters; log|det ∂x/∂y| per row. */
    public FlowResult inverse(NDArray y, NDArray params) {
        return transform(y, params, true);
    }

    /** The knots the parameters describe, each {@code (n, dim, K + 1)}. */
    public SplineKnots knots(NDArray params) {
        checkParams(params);
        NDManager m = params.getManager();
        int k = settings.bins();
        long[] column = {1, domains.size(), 1};
        DataType type = params.getDataType();
        NDArray low = Constants.of(m, lows, type, column);
        NDArray span = Constants.of(m, highs, type, column).sub(low);
        NDArray inputs = positions(params.get(":, :, 0:" + k), settings.minBinWidth()).mul(span).add(low);
        NDArray outputs = positions(params.get(":, :, " + k + ":" + 2 * k), settings.minBinHeight()).mul(span).add(low);
        NDArray raw = Activation.softPlus(params.get(":, :, " + 2 * k + ":").add(derivativeShift))
                .add(settings.minDerivative());
        NDArray isUnbounded = Constants.of(m, unbounded, type, column);
        NDArray isBounded = Constants.of(m, bounded, type, column);
        NDArray isCircular = Constants.of(m, circular, type, column);
        NDArray first = raw.get(":, :, 0:1");
        NDArray left = first.mul(isUnbounded.neg().add(1)).add(isUnbounded);
        NDArray right = raw.get(":, :, " + k + ":").mul(isBounded).add(first.mul(isCircular)).add(isUnbounded);
        NDArray derivatives = NDArrays.concat(new NDList(left, raw.get(":, :, 1:" + k), right), 2);
        return new SplineKnots(inputs, outputs, derivatives);
    }

    /** Knot positions in [0, 1], {@code (n, dim, K + 1)}, from unnormalized bin sizes with a floor of {@code min}. */
    private NDArray positions(NDArray unnormalized, double min) {
        int k = settings.bins();
        NDArray sizes = NDMath.scale(unnormalized.softmax(2), 1.0 - min * k).add(min);
        NDArray inner = sizes.cumSum(2).get(":, :, 0:" + (k - 1));
        NDArray zero = sizes.get(":, :, 0:1").zerosLike();
        return NDArrays.concat(new NDList(zero, inner, zero.add(1)), 2);
    }

    private FlowResult transform(NDArray input, NDArray params, boolean inverse) {
        int dim = domains.size();
        if (input.getShape().dimension() != 2 || input.getShape().get(1) != dim) {
            throw new IllegalArgumentException("spline input must be (n, " + dim + "), got " + input.getShape());
        }
        if (params.getShape().get(0) != input.getShape().get(0)) {
            throw new IllegalArgumentException("spline parameters " + params.getShape() + " do not match input "
                    + input.getShape());
        }
        NDManager m = input.getManager();
        DataType type = input.getDataType();
        NDArray low = Constants.of(m, lows, type, 1, dim);
        NDArray high = Constants.of(m, highs, type, 1, dim);
        NDArray period = high.sub(low);
        NDArray turns = input.sub(low).div(period).floor().mul(Constants.of(m, circular, type, 1, dim));
        NDArray lift = turns.mul(period).stopGradient();
        NDArray wrapped = input.sub(lift);
        NDArray inside = wrapped.gte(low).logicalAnd(wrapped.lte(high));
        NDArray clamped = wrapped.maximum(low).minimum(high);
        SplineKnots knots = knots(params);
        NDArray from = inverse ? knots.outputs() : knots.inputs();
        NDArray bin = clamped.expandDims(2).gte(from.get(":, :, 1:" + settings.bins()))
                .toType(DataType.INT64, false).sum(new int[] {2}, true);
        NDArray next = bin.add(1);
        Bin b = new Bin(knots.inputs().gather(bin, 2).squeeze(2), knots.inputs().gather(next, 2).squeeze(2),
                knots.outputs().gather(bin, 2).squeeze(2), knots.outputs().gather(next, 2).squeeze(2),
                knots.derivatives().gather(bin, 2).squeeze(2), knots.derivatives().gather(next, 2).squeeze(2));
        NDArray theta = inverse ? b.solve(clamped) : clamped.sub(b.x0).div(b.width);
        theta = NDMath.clip(theta, 0.0, 1.0);
        NDArray out = inverse ? b.x0.add(theta.mul(b.width)) : b.evaluate(theta);
        NDArray logDerivative = b.logDerivative(theta);
        if (inverse) {
            logDerivative = logDerivative.neg();
        }
        NDArray value = NDArrays.where(inside, out, wrapped).add(lift);
        NDArray logDet = NDArrays.where(inside, logDerivative, logDerivative.zerosLike()).sum(new int[] {1});
        return new FlowResult(value, logDet);
    }

    private void checkParams(NDArray params) {
        Shape expected = new Shape(params.getShape().get(0), domains.size(), settings.parametersPerDimension());
        if (!params.getShape().equals(expected)) {
            throw new IllegalArgumentException("spline parameters must be " + expected + ", got " + params.getShape());
        }
    }

    /** The bin each point falls in: its end knots and end derivatives, each {@code (n, dim)}. */
    private record Bin(NDArray x0, NDArray x1, NDArray y0, NDArray y1, NDArray d0, NDArray d1, NDArray width,
            NDArray height, NDArray slope) {
        Bin(NDArray x0, NDArray x1, NDArray y0, NDArray y1, NDArray d0, NDArray d1) {
            this(x0, x1, y0, y1, d0, d1, x1.sub(x0), y1.sub(y0), y1.sub(y0).div(x1.sub(x0)));
        }

        /** d0 + d1 - 2·slope, the curvature term shared by the map, its derivative and its inverse. */
        private NDArray bend() {
            return d0.add(d1).sub(slope).sub(slope);
        }

        private NDArray denominator(NDArray theta) {
            return slope.add(bend().mul(theta.mul(theta.neg().add(1))));
        }

        /** The map at relative position {@code theta} in the bin. */
        NDArray evaluate(NDArray theta) {
            NDArray mixed = theta.mul(theta.neg().add(1));
            NDArray numerator = height.mul(slope.mul(theta.square()).add(d0.mul(mixed)));
            return y0.add(numerator.div(denominator(theta)));
        }

        /** log of the map's derivative at {@code theta}. */
        NDArray logDerivative(NDArray theta) {
            NDArray oneMinus = theta.neg().add(1);
            NDArray mixed = slope.mul(theta).mul(oneMinus);
            NDArray numerator = slope.square().mul(d1.mul(theta.square()).add(mixed).add(mixed)
                    .add(d0.mul(oneMinus.square())));
            return numerator.log().sub(NDMath.scale(denominator(theta).log(), 2));
        }

        /** The relative position theta whose image is {@code y}: the root in [0, 1] of a θ² + b θ + c = 0. */
        NDArray solve(NDArray y) {
            NDArray rise = y.sub(y0);
            NDArray a = height.mul(slope.sub(d0)).add(rise.mul(bend()));
            NDArray b = height.mul(d0).sub(rise.mul(bend()));
            NDArray c = slope.mul(rise).neg();
            NDArray discriminant = NDMath.maximum(b.square().sub(NDMath.scale(a.mul(c), 4)), 0);
            return c.add(c).div(b.neg().sub(discriminant.sqrt()));
        }
    }
}
