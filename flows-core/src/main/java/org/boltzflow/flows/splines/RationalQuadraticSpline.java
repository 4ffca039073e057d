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
    private final double[] periods;
    private final double[] circularPeriods;
    private final double[] prefixSums;
    private final double[] knotScale;
    private final double[] knotOffset;
    private final double[] derivativeKeep;
    private final double[] derivativeTie;
    private final double[] firstToLast;
    private final double[] derivativeFloor;
    private final long[] binEnds;
    private final double derivativeShift;

    /** Splines on the dimensions described by {@code domains}. */
    public RationalQuadraticSpline(List<Domain> domains, SplineSettings settings) {
        this.domains = List.copyOf(domains);
        this.settings = settings;
        int dim = domains.size();
        int k = settings.bins();
        int w = k + 1;
        lows = new double[dim];
        highs = new double[dim];
        periods = new double[dim];
        circularPeriods = new double[dim];
        knotScale = new double[dim * 2 * w];
        knotOffset = new double[dim * 2 * w];
        derivativeKeep = new double[dim * w];
        derivativeTie = new double[dim * w];
        derivativeFloor = new double[dim * w];
        double[] minSizes = {settings.minBinWidth(), settings.minBinHeight()};
        for (int i = 0; i < dim; i++) {
            Domain d = domains.get(i);
            lows[i] = d.low();
            highs[i] = d.high();
            double span = d.high() - d.low();
            periods[i] = span;
            circularPeriods[i] = d.kind() == Domain.Kind.CIRCULAR ? span : 0;
            for (int side = 0; side < 2; side++) {
                for (int j = 0; j <= k; j++) {
                    int at = (i * 2 + side) * w + j;
                    knotScale[at] = j < k ? (1.0 - minSizes[side] * k) * span : 0;
                    knotOffset[at] = j < k ? d.low() + minSizes[side] * j * span : 1.0 * span + d.low();
                }
            }
            boolean unbounded = d.kind() == Domain.Kind.UNBOUNDED;
            boolean circular = d.kind() == Domain.Kind.CIRCULAR;
            for (int j = 0; j <= k; j++) {
                boolean end = j == 0 || j == k;
                int at = i * w + j;
                derivativeKeep[at] = (unbounded && end) || (circular && j == k) ? 0 : 1;
                derivativeTie[at] = circular && j == k ? 1 : 0;
                derivativeFloor[at] = unbounded && end ? 1
                        : settings.minDerivative() * (derivativeKeep[at] + derivativeTie[at]);
            }
        }
        prefixSums = new double[k * w];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                prefixSums[i * w + j] = 1;
            }
        }
        firstToLast = new double[w * w];
        firstToLast[k] = 1;
        binEnds = new long[] {0, 1, w, w + 1, 2L * w, 2L * w + 1};
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
        Knots k = knotTable(params);
        int w = settings.bins() + 1;
        return new SplineKnots(k.table.get(":, :, 0:" + w), k.table.get(":, :, " + w + ":" + 2 * w),
                k.table.get(":, :, " + 2 * w + ":"));
    }

    /**
     * All knots in one table {@code (n, dim, 3(K + 1))}: input positions, output positions, derivatives. Widths and
     * heights go through one exponential and one matrix product: knot j of a side is low + span · (m·j + (1 - m·K)
     * · Σ_{i<j} e_i / Σ_i e_i) with e = exp(u - max u) and m the smallest bin size, a softmax and its cumulative sum
     * in one; the first knot is low and the last low + span exactly. The end derivatives are fixed, tied (the
     * first copied to the last by a matrix product) or free by per-dimension masks.
     */
    private Knots knotTable(NDArray params) {
        NDManager m = params.getManager();
        DataType type = params.getDataType();
        int k = settings.bins();
        int dim = domains.size();
        long n = params.getShape().get(0);
        // one split rather than slices: its backward is one concatenation, a slice's a zero fill and a sum per slice
        NDList parts = params.split(new long[] {2L * k}, 2);
        NDArray unnormalized = parts.get(0).reshape(n, dim, 2, k);
        NDArray e = unnormalized.sub(unnormalized.max(new int[] {3}, true).stopGradient()).exp();
        NDArray fractions = e.matMul(Constants.of(m, prefixSums, type, k, k + 1)).div(e.sum(new int[] {3}, true));
        NDArray positions = fractions.mul(Constants.of(m, knotScale, type, 1, dim, 2, k + 1))
                .add(Constants.of(m, knotOffset, type, 1, dim, 2, k + 1)).reshape(n, dim, 2L * (k + 1));
        NDArray raw = Activation.softPlus(parts.get(1).add(derivativeShift));
        NDArray derivatives = raw.mul(Constants.of(m, derivativeKeep, type, 1, dim, k + 1))
                .add(raw.matMul(Constants.of(m, firstToLast, type, k + 1, k + 1))
                        .mul(Constants.of(m, derivativeTie, type, 1, dim, k + 1)))
                .add(Constants.of(m, derivativeFloor, type, 1, dim, k + 1));
        return new Knots(NDArrays.concat(new NDList(positions, derivatives), 2), positions);
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
        checkParams(params);
        NDManager m = input.getManager();
        DataType type = input.getDataType();
        int k = settings.bins();
        NDArray low = Constants.of(m, lows, type, 1, dim);
        NDArray high = Constants.of(m, highs, type, 1, dim);
        NDArray lift = input.sub(low).div(Constants.of(m, periods, type, 1, dim)).floor()
                .mul(Constants.of(m, circularPeriods, type, 1, dim)).stopGradient();
        NDArray wrapped = input.sub(lift);
        NDArray inside = wrapped.gte(low).logicalAnd(wrapped.lte(high));
        NDArray clamped = wrapped.maximum(low).minimum(high);
        Knots knots = knotTable(params);
        int side = inverse ? k + 1 : 0;
        NDArray bin = clamped.expandDims(2).gte(knots.positions.get(":, :, " + (side + 1) + ":" + (side + k)))
                .toType(DataType.INT64, false).sum(new int[] {2}, true);
        NDArray ends = knots.table.gather(bin.add(Constants.of(m, binEnds, 1, 1, binEnds.length)), 2);
        NDList e = ends.split(binEnds.length, 2);
        Bin b = Bin.between(e.get(0).squeeze(2), e.get(1).squeeze(2), e.get(2).squeeze(2), e.get(3).squeeze(2),
                e.get(4).squeeze(2), e.get(5).squeeze(2));
        NDArray zero = Constants.of(m, new double[] {0}, type, 1, 1);
        NDArray one = Constants.of(m, new double[] {1}, type, 1, 1);
        NDArray theta = (inverse ? b.solve(clamped) : clamped.sub(b.x0).div(b.width)).maximum(zero).minimum(one);
        NDArray oneMinus = one.sub(theta);
        NDArray mixed = theta.mul(oneMinus);
        NDArray denominator = b.slope.add(b.bend.mul(mixed));
        NDArray out = inverse ? b.x0.add(theta.mul(b.width)) : b.evaluate(theta, mixed, denominator);
        NDArray logDerivative = b.logDerivative(theta, oneMinus, mixed, denominator);
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

    /** All knots {@code (n, dim, 3(K + 1))} and the input and output positions {@code (n, dim, 2(K + 1))}. */
    private record Knots(NDArray table, NDArray positions) {}

    /** The bin each point falls in: its first knot, size, end derivatives, slope and bend, each {@code (n, dim)}. */
    private record Bin(NDArray x0, NDArray width, NDArray y0, NDArray height, NDArray d0, NDArray d1, NDArray slope,
            NDArray bend) {
        /** The bin between knots (x0, y0, d0) and (x1, y1, d1); bend is d0 + d1 - 2·slope. */
        static Bin between(NDArray x0, NDArray x1, NDArray y0, NDArray y1, NDArray d0, NDArray d1) {
            NDArray width = x1.sub(x0);
            NDArray height = y1.sub(y0);
            NDArray slope = height.div(width);
            return new Bin(x0, width, y0, height, d0, d1, slope, d0.add(d1).sub(slope).sub(slope));
        }

        /** The map at relative position {@code theta} in the bin, given θ(1 - θ) and the denominator. */
        NDArray evaluate(NDArray theta, NDArray mixed, NDArray denominator) {
            NDArray numerator = height.mul(slope.mul(theta.square()).add(d0.mul(mixed)));
            return y0.add(numerator.div(denominator));
        }

        /** log of the map's derivative at {@code theta}, given 1 - θ, θ(1 - θ) and the denominator. */
        NDArray logDerivative(NDArray theta, NDArray oneMinus, NDArray mixed, NDArray denominator) {
            NDArray slopeMixed = slope.mul(mixed);
            NDArray numerator = slope.square().mul(d1.mul(theta.square()).add(slopeMixed).add(slopeMixed)
                    .add(d0.mul(oneMinus.square())));
            return numerator.div(denominator.square()).log();
        }

        /** The relative position theta whose image is {@code y}: the root in [0, 1] of a θ² + b θ + c = 0. */
        NDArray solve(NDArray y) {
            NDArray rise = y.sub(y0);
            NDArray riseBend = rise.mul(bend);
            NDArray a = height.mul(slope.sub(d0)).add(riseBend);
            NDArray b = height.mul(d0).sub(riseBend);
            NDArray c = slope.mul(rise).neg();
            NDArray discriminant = NDMath.maximum(b.square().sub(NDMath.scale(a.mul(c), 4)), 0);
            return c.add(c).div(b.neg().sub(discriminant.sqrt()));
        }
    }
}
