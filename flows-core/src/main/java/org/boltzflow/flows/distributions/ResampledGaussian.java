package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.nn.Mlp;

/**
 * A resampled base (Stimper, Schölkopf and Hernández-Lobato, 2022): a standard normal proposal π reweighted by a
 * learned acceptance {@code a(z) = sigmoid(mlp(z))} through rejection sampling truncated after {@code T} tries.
 * With {@code Z = E_π[a]} its exact density is
 * {@code p(z) = π(z)·((1-Z)^{T-1} + a(z)·(1 - (1-Z)^{T-1}) / Z)}, which can carve holes and several modes out of
 * the Gaussian that a flow could not reach.
 * <p>
 * Z has no closed form. In training mode ({@link #setTraining}) each {@code logProb} call estimates it,
 * differentiably, from {@code normalizerSamples} fresh proposal draws (a deterministic stream seeded at
 * construction), so the gradient sees how a change of {@code a} changes Z; the estimate also updates a stored
 * moving average. In evaluation mode (the default) the stored Z is used; {@link #calibrate} sets it from a large
 * seeded Monte-Carlo sample after training. The stored Z is a saved buffer. Sampling is exact for the stored Z's
 * model (the rejection scheme itself) but not differentiable with respect to the acceptance network.
 */
public final class ResampledGaussian implements Distribution {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    private static final double MOVING_AVERAGE = 0.9;
    private final int dim;
    private final int[] hidden;
    private final int truncation;
    private final int normalizerSamples;
    private final Mlp acceptance;
    private final Parameter normalizer;
    private final SplittableRandom trainingStream;
    private boolean training;

    /**
     * A resampled standard normal in {@code dim} dimensions with an acceptance MLP of hidden widths {@code hidden}
     * (tanh; last layer zero, so it starts as the plain Gaussian), truncation {@code truncation} and
     * {@code normalizerSamples} draws per training-mode estimate of Z.
     */
    public ResampledGaussian(NDManager manager, int dim, int[] hidden, int truncation, int normalizerSamples,
            DataType dtype, long seed) {
        if (dim < 1 || truncation < 1 || normalizerSamples < 1) {
            throw new IllegalArgumentException("dim, truncation and normalizerSamples must be positive");
        }
        this.dim = dim;
        this.hidden = hidden.clone();
        this.truncation = truncation;
        this.normalizerSamples = normalizerSamples;
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = dim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 1;
        this.acceptance = new Mlp(manager, sizes, Activation.TANH, true, dtype, Rng.derive(seed, 0));
        this.normalizer = Parameters.of("normalizer", manager.create(new double[] {0.5}).toType(dtype, false), false);
        this.trainingStream = new SplittableRandom(Rng.derive(seed, 1));
    }

    @Override
    public int dim() {
        return dim;
    }

    /** In training mode Z is re-estimated (differentiably) at every {@code logProb}; otherwise the stored Z is used. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** The acceptance probability a(z) of each row, {@code (n)}. */
    public NDArray acceptance(NDArray z) {
        return ai.djl.nn.Activation.sigmoid(acceptance.apply(z).squeeze(1));
    }

    /** The stored estimate of Z = E_π[a]. */
    public double normalizer() {
        return normalizer.getArray().toType(DataType.FLOAT64, false).getDouble(0);
    }

    /** Sets the stored Z to the mean acceptance of {@code n} standard-normal draws made with {@code seed}. */
    public void calibrate(NDManager manager, int n, long seed) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray eps = Rng.normal(scratch, new Shape(n, dim), normalizer.getArray().getDataType(), seed);
            normalizer.getArray().set(acceptance(eps).mean().toByteBuffer());
        }
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDArray z;
        if (training) {
            NDArray eps = Rng.normal(x.getManager(), new Shape(normalizerSamples, dim), x.getDataType(),
                    trainingStream.nextLong());
            z = acceptance(eps).mean();
            double estimate = z.toType(DataType.FLOAT64, false).getDouble();
            double updated = MOVING_AVERAGE * normalizer() + (1 - MOVING_AVERAGE) * estimate;
            normalizer.getArray().set(x.getManager().create(new double[] {updated})
                    .toType(normalizer.getArray().getDataType(), false).toByteBuffer());
        } else {
            z = normalizer.getArray().squeeze(0);
        }
        return logProb(x, z);
    }

    /** log p(x) with the normalizer {@code z} (a scalar NDArray, possibly carrying a gradient). */
    public NDArray logProb(NDArray x, NDArray z) {
        NDArray gauss = NDMath.scale(x.square().sum(new int[] {1}), -0.5).sub(0.5 * dim * LOG_2PI);
        NDArray tail = NDMath.pow(z.neg().add(1.0), truncation - 1);
        NDArray weight = acceptance(x).mul(tail.neg().add(1.0)).div(z).add(tail);
        return gauss.add(weight.log());
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        DataType dtype = normalizer.getArray().getDataType();
        double[] chosen = new double[n * dim];
        try (NDManager scratch = manager.newSubManager()) {
            NDArray proposals = Rng.normal(scratch, new Shape((long) n * truncation, dim), dtype, Rng.derive(seed, 0));
            double[] a = acceptance(proposals).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] z = proposals.toType(DataType.FLOAT64, false).toDoubleArray();
            SplittableRandom random = new SplittableRandom(Rng.derive(seed, 1));
            for (int i = 0; i < n; i++) {
                int t = 0;
                while (t + 1 < truncation && random.nextDouble() >= a[i * truncation + t]) {
                    t++;
                }
                System.arraycopy(z, (i * truncation + t) * dim, chosen, i * dim, dim);
            }
        }
        NDArray x = manager.create(chosen, new Shape(n, dim)).toType(dtype, false);
        return new Sample(x, logProb(x, normalizer.getArray().squeeze(0)));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(acceptance.parameters());
        all.add(normalizer);
        return all;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "ResampledGaussian");
        json.addProperty("dim", dim);
        JsonArray widths = new JsonArray();
        for (int h : hidden) {
            widths.add(h);
        }
        json.add("hidden", widths);
        json.addProperty("truncation", truncation);
        json.addProperty("normalizerSamples", normalizerSamples);
        json.addProperty("dtype", normalizer.getArray().getDataType().name());
        return json;
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static ResampledGaussian fromJson(JsonObject json, NDManager manager) {
        return new ResampledGaussian(manager, ArchitectureJson.integer(json, "dim"),
                ArchitectureJson.integers(json, "hidden"),
                ArchitectureJson.integer(json, "truncation"), ArchitectureJson.integer(json, "normalizerSamples"),
                ArchitectureJson.dtype(json), 0L);
    }
}
