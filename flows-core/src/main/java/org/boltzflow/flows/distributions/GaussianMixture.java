package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * A mixture of {@code k} diagonal Gaussians with trainable weights (as logits), means and log-scales:
 * {@code p(x) = Σ_j softmax(w)_j N(x; μ_j, diag(σ_j)²)}. Sampling picks components in Java from the current
 * weights and is reparameterized in the means and scales ({@code x = μ_j + σ_j ε}).
 */
public final class GaussianMixture implements Distribution {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    private final int components;
    private final int dim;
    private final boolean trainable;
    private final Parameter logits;
    private final Parameter means;
    private final Parameter logScales;

    /**
     * A mixture with the given means {@code (k, dim)} and scales {@code (k, dim)} and equal weights.
     *
     * @param trainable whether weights, means and scales get gradients
     */
    public GaussianMixture(NDManager manager, double[][] means, double[][] scales, boolean trainable, DataType dtype) {
        if (means.length == 0 || means.length != scales.length) {
            throw new IllegalArgumentException("need as many means as scales (and at least one component)");
        }
        this.components = means.length;
        this.dim = means[0].length;
        this.trainable = trainable;
        double[][] logScale = new double[components][dim];
        for (int j = 0; j < components; j++) {
            if (means[j].length != dim || scales[j].length != dim) {
                throw new IllegalArgumentException("component " + j + " has a mean or scale of the wrong length");
            }
            for (int d = 0; d < dim; d++) {
                if (!(scales[j][d] > 0) || Double.isInfinite(scales[j][d])) {
                    throw new IllegalArgumentException("scale of component " + j + ", dimension " + d
                            + " must be positive and finite, got " + scales[j][d]);
                }
                logScale[j][d] = Math.log(scales[j][d]);
            }
        }
        this.logits = Parameters.of("logits", manager.zeros(new Shape(1, components), dtype), trainable);
        this.means = Parameters.of("means", manager.create(means).toType(dtype, false), trainable);
        this.logScales = Parameters.of("log_scales", manager.create(logScale).toType(dtype, false), trainable);
    }

    /** {@code k} unit Gaussians in {@code dim} dimensions with means drawn from N(0, 1) with {@code seed}. */
    public static GaussianMixture random(NDManager manager, int k, int dim, boolean trainable, DataType dtype,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] means = new double[k][dim];
        double[][] scales = new double[k][dim];
        for (int j = 0; j < k; j++) {
            for (int d = 0; d < dim; d++) {
                means[j][d] = random.nextGaussian();
                scales[j][d] = 1.0;
            }
        }
        return new GaussianMixture(manager, means, scales, trainable, dtype);
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The mixture weights (softmax of the logits). */
    public double[] weights() {
        return logits.getArray().softmax(1).toType(DataType.FLOAT64, false).toDoubleArray();
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDArray logScale = logScales.getArray();
        NDArray u = x.expandDims(1).sub(means.getArray()).mul(logScale.neg().exp());
        NDArray perComponent = NDMath.scale(u.square(), -0.5).sub(logScale).sum(new int[] {2}).sub(0.5 * dim * LOG_2PI);
        NDArray logWeights = logits.getArray().logSoftmax(1);
        return NDMath.logSumExp(perComponent.add(logWeights), 1);
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        double[] w = weights();
        SplittableRandom random = new SplittableRandom(Rng.derive(seed, 0));
        double[] oneHot = new double[n * components];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int j = 0;
            double cumulative = w[0];
            while (u >= cumulative && j + 1 < components) {
                cumulative += w[++j];
            }
            oneHot[i * components + j] = 1.0;
        }
        DataType dtype = means.getArray().getDataType();
        NDArray pick = manager.create(oneHot, new Shape(n, components)).toType(dtype, false);
        NDArray eps = Rng.normal(manager, new Shape(n, dim), dtype, Rng.derive(seed, 1));
        NDArray x = pick.matMul(means.getArray()).add(pick.matMul(logScales.getArray().exp()).mul(eps));
        return new Sample(x, logProb(x));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(logits, means, logScales);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "GaussianMixture");
        json.addProperty("components", components);
        json.addProperty("dim", dim);
        json.addProperty("trainable", trainable);
        json.addProperty("dtype", means.getArray().getDataType().name());
        return json;
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static GaussianMixture fromJson(JsonObject json, NDManager manager) {
        return random(manager, ArchitectureJson.integer(json, "components"), ArchitectureJson.integer(json, "dim"),
                ArchitectureJson.bool(json, "trainable"), ArchitectureJson.dtype(json), 0L);
    }
}
