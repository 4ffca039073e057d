package org.boltzflow.flows.layers;

import static ai.djl.nn.Activation.softPlus;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Mlp;

/**
 * The planar flow of Rezende &amp; Mohamed (2015): {@code x = z + û·tanh(w·z + b)}, log|det| =
 * log|1 + (1 - tanh²(w·z + b))·(w·û)|. Invertibility is kept as in the paper by
 * {@code û = u + (softplus(w·u) - 1 - w·u)·w/|w|²}, so that {@code w·û > -1}.
 *
 * <p>There is no closed-form inverse; {@link #inverse} solves it numerically. With {@code a = w·z + b} the map
 * gives {@code w·x + b = a + (w·û)·tanh(a)}, strictly increasing in {@code a}; that scalar equation is solved per
 * sample by Newton steps safeguarded with bisection on [y - |w·û|, y + |w·û|] until the step is below
 * {@value #TOLERANCE}·(1 + |a|), then {@code z = x - û·tanh(a)}. A last Newton step taken inside the autograd
 * graph gives the inverse the gradient of implicit differentiation.
 */
public final class Planar implements FlowLayer {
    /** Relative tolerance of the numerical inverse. */
    public static final double TOLERANCE = 1e-14;
    private static final int MAX_ITERATIONS = 200;
    private final int dim;
    private final DataType dtype;
    private final Parameter u;
    private final Parameter w;
    private final Parameter b;

    /**
     * A planar flow on {@code dim} coordinates; u uniform in ±sqrt(2), w uniform in ±sqrt(2/dim) from the seed,
     * b = 0 (normflows' initialisation).
     */
    public Planar(NDManager manager, int dim, DataType dtype, long seed) {
        this.dim = dim;
        this.dtype = dtype;
        double limU = Math.sqrt(2.0);
        double limW = Math.sqrt(2.0 / dim);
        this.u = Mlp.trainable("u", Rng.uniform(manager, new Shape(1, dim), dtype, -limU, limU, Rng.derive(seed, 0)));
        this.w = Mlp.trainable("w", Rng.uniform(manager, new Shape(1, dim), dtype, -limW, limW, Rng.derive(seed, 1)));
        this.b = Mlp.trainable("b", manager.zeros(new Shape(1), dtype));
    }

    /** The constrained {@code û}, {@code (1, dim)}. */
    private NDArray uHat() {
        NDArray wv = w.getArray();
        NDArray wu = wv.mul(u.getArray()).sum();
        NDArray softplus = softPlus(wu);
        return u.getArray().add(wv.mul(softplus.sub(1.0).sub(wu).div(wv.square().sum())));
    }

    /** {@code log(1 + (1 - tanh²a)·c)} per sample for pre-activations {@code a} and {@code c = w·û}. */
    private static NDArray logDet(NDArray tanhA, NDArray c) {
        return tanhA.square().neg().add(1.0).mul(c).add(1.0).log();
    }

    @Override
    public FlowResult forward(NDArray z) {
        NDArray uh = uHat();
        NDArray tanhA = z.matMul(w.getArray().transpose()).add(b.getArray()).tanh();
        NDArray x = z.add(tanhA.matMul(uh));
        return new FlowResult(x, logDet(tanhA.squeeze(1), w.getArray().mul(uh).sum()));
    }

    @Override
    public FlowResult inverse(NDArray x) {
        NDArray uh = uHat();
        NDArray c = w.getArray().mul(uh).sum();
        NDArray y = x.matMul(w.getArray().transpose()).add(b.getArray()).squeeze(1);
        double[] solved = solve(y.toType(DataType.FLOAT64, false).toDoubleArray(),
                c.toType(DataType.FLOAT64, false).getDouble());
        NDArray a0 = x.getManager().create(solved).toType(x.getDataType(), false);
        NDArray tanh0 = a0.tanh();
        NDArray residual = a0.add(tanh0.mul(c)).sub(y);
        NDArray slope = tanh0.square().neg().add(1.0).mul(c).add(1.0);
        NDArray tanhA = a0.sub(residual.div(slope)).tanh();
        NDArray z = x.sub(tanhA.expandDims(1).matMul(uh));
        return new FlowResult(z, logDet(tanhA, c).neg());
    }

    /** Solves {@code a + c·tanh(a) = y} for each {@code y}, given {@code c > -1}. */
    static double[] solve(double[] y, double c) {
        double[] a = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double low = y[i] - Math.abs(c);
            double high = y[i] + Math.abs(c);
            double guess = y[i];
            for (int it = 0; ; it++) {
                if (it == MAX_ITERATIONS) {
                    throw new ArithmeticException("Planar inverse did not converge for w·x + b = " + y[i]
                            + " and w·û = " + c);
                }
                double t = Math.tanh(guess);
                double residual = guess + c * t - y[i];
                if (residual == 0) {
                    break;
                }
                if (residual > 0) {
                    high = guess;
                } else {
                    low = guess;
                }
                double next = guess - residual / (1 + c * (1 - t * t));
                if (!(next >= low && next <= high)) {
                    next = 0.5 * (low + high);
                }
                boolean converged = Math.abs(next - guess) <= TOLERANCE * (1 + Math.abs(guess));
                guess = next;
                if (converged) {
                    break;
                }
            }
            a[i] = guess;
        }
        return a;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(u, w, b);
    }

    @Override
    public JsonObject toJson() {
        return ArchitectureJson.header("Planar", dim, dtype);
    }

    static Planar fromJson(JsonObject json, NDManager manager) {
        return new Planar(manager, ArchitectureJson.integer(json, "dim"), ArchitectureJson.dtype(json), 0L);
    }
}
