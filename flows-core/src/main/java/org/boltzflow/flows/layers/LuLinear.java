package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Mlp;

/**
 * An invertible linear map {@code x = W z} with {@code W = P·L·U} (the invertible 1x1 convolution of Glow, Kingma
 * &amp; Dhariwal 2018): P a fixed permutation, L unit lower triangular, U upper triangular with diagonal
 * {@code sign·exp(logAbsDiag)}, so log|det W| = Σ log|diag U| = Σ logAbsDiag. W starts as a random rotation drawn
 * from the seed. P and the signs are fixed parameters (saved, not trained); L, U and logAbsDiag are trained.
 *
 * <p>On images (flattened channel-major, {@code (n, C·P)} for {@code C} channels of {@code P} pixels) {@code W}
 * mixes the channels of every pixel alike, Glow's 1x1 convolution, and log|det| = P·Σ logAbsDiag; vectors are the
 * case {@code P = 1}.
 */
public final class LuLinear implements FlowLayer {
    private final int dim;
    private final int pixels;
    private final DataType dtype;
    private final Parameter permutation;
    private final Parameter lower;
    private final Parameter upper;
    private final Parameter logAbsDiag;
    private final Parameter sign;
    private final NDArray strictLower;
    private final NDArray strictUpper;
    private final NDArray identity;

    /** A random rotation of {@code dim} coordinates, drawn from {@code seed} and stored in LU form. */
    public LuLinear(NDManager manager, int dim, DataType dtype, long seed) {
        this(manager, dim, 1, dtype, seed);
    }

    /** A random rotation of the {@code channels} of images with {@code pixels} pixels, Glow's 1x1 convolution. */
    public LuLinear(NDManager manager, int channels, int pixels, DataType dtype, long seed) {
        if (pixels < 1) {
            throw new IllegalArgumentException("LuLinear needs at least one pixel per channel, got " + pixels);
        }
        int dim = channels;
        this.dim = dim;
        this.pixels = pixels;
        this.dtype = dtype;
        double[][] gaussian = new double[dim][];
        double[] values = Rng.normal(manager, new Shape(dim * dim), DataType.FLOAT64, seed).toDoubleArray();
        for (int i = 0; i < dim; i++) {
            gaussian[i] = java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
        }
        RealMatrix rotation = new QRDecomposition(new Array2DRowRealMatrix(gaussian, false)).getQ();
        LUDecomposition lu = new LUDecomposition(rotation);
        double[][] u = lu.getU().getData();
        double[] diagAbs = new double[dim];
        double[] signs = new double[dim];
        for (int i = 0; i < dim; i++) {
            diagAbs[i] = Math.log(Math.abs(u[i][i]));
            signs[i] = Math.signum(u[i][i]);
        }
        // commons-math gives P·rotation = L·U, so rotation = Pᵀ·L·U.
        this.permutation = LayerSupport.fixed("permutation", matrix(manager, lu.getP().transpose(), dtype));
        this.lower = Mlp.trainable("lower", matrix(manager, lu.getL(), dtype));
        this.upper = Mlp.trainable("upper", matrix(manager, lu.getU(), dtype));
        this.logAbsDiag = Mlp.trainable("log_abs_diag", manager.create(diagAbs).toType(dtype, false));
        this.sign = LayerSupport.fixed("sign", manager.create(signs).toType(dtype, false));
        double[][] lowerMask = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < i; j++) {
                lowerMask[i][j] = 1.0;
            }
        }
        this.strictLower = manager.create(lowerMask).toType(dtype, false);
        this.strictUpper = strictLower.transpose();
        this.identity = manager.eye(dim).toType(dtype, false);
    }

    private static NDArray matrix(NDManager manager, RealMatrix m, DataType dtype) {
        return manager.create(m.getData()).toType(dtype, false);
    }

    /** The matrix {@code W = P·L·U}. */
    public NDArray weight() {
        NDArray l = lower.getArray().mul(strictLower).add(identity);
        NDArray diag = identity.mul(sign.getArray().mul(logAbsDiag.getArray().exp()));
        NDArray u = upper.getArray().mul(strictUpper).add(diag);
        return permutation.getArray().matMul(l).matMul(u);
    }

    @Override
    public FlowResult forward(NDArray z) {
        return new FlowResult(mix(z, weight()), LayerSupport.perSample(NDMath.scale(logAbsDiag.getArray().sum(),
                pixels), z));
    }

    @Override
    public FlowResult inverse(NDArray x) {
        return new FlowResult(mix(x, weight().inverse()), LayerSupport.perSample(NDMath.scale(logAbsDiag.getArray()
                .sum(), -pixels), x));
    }

    /** {@code matrix} applied to the channel vector of every pixel of {@code input (n, C·P)}. */
    private NDArray mix(NDArray input, NDArray matrix) {
        if (pixels == 1) {
            return input.matMul(matrix.transpose());
        }
        long n = input.getShape().get(0);
        NDArray perPixel = input.reshape(n, dim, pixels).transpose(0, 2, 1).matMul(matrix.transpose());
        return perPixel.transpose(0, 2, 1).reshape(input.getShape());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(permutation, lower, upper, logAbsDiag, sign);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("LuLinear", dim, dtype);
        if (pixels > 1) {
            json.addProperty("pixels", pixels);
        }
        return json;
    }

    static LuLinear fromJson(JsonObject json, NDManager manager) {
        return new LuLinear(manager, ArchitectureJson.integer(json, "dim"), ArchitectureJson.integer(json, "pixels", 1),
                ArchitectureJson.dtype(json), 0L);
    }
}
