package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.nn.Mlp;

/**
 * A masked autoencoder for distribution estimation (MADE, Germain et al. 2015): a dense network whose weights are
 * masked so that the {@code k} outputs for coordinate {@code i} depend only on the coordinates that come before
 * {@code i} in {@code ordering}. {@code ordering[i]} is the position of coordinate {@code i} in the autoregressive
 * order (a permutation of {@code 0..dim-1}; the identity gives the usual left-to-right order). Hidden unit
 * {@code j} of a layer gets the degree {@code j mod (dim-1) + 1}, so the masks follow from the ordering alone.
 *
 * <p>Output layout: {@link #apply} returns {@code (n, dim, k)}; {@code out[:, i, p]} is parameter {@code p} of
 * coordinate {@code i}. An optional context vector {@code (n, c)} (conditional MADE, as in nflows) is an input of
 * degree 0: every hidden unit sees it, so every output may depend on it. It is an {@link Mlp} (same initialisation from the seed: uniform in
 * ±1/sqrt(fan_in); with {@code zeroLast} the output layer starts at zero, so every output is 0 until trained)
 * whose weight matrices are multiplied by the masks.
 */
public final class Made implements HasParameters {
    private final int dim;
    private final int contextSize;
    private final int[] hiddenSizes;
    private final int paramsPerDim;
    private final int[] ordering;
    private final Activation activation;
    private final boolean zeroLast;
    private final Mlp network;
    private final List<NDArray> masks = new ArrayList<>();

    /** A MADE whose output layer starts at zero (a flow built on it starts as the identity). */
    public Made(NDManager manager, int dim, int[] hiddenSizes, int paramsPerDim, int[] ordering,
            Activation activation, DataType dtype, long seed) {
        this(manager, dim, 0, hiddenSizes, paramsPerDim, ordering, activation, true, dtype, seed);
    }

    /**
     * A MADE over {@code dim} coordinates and a context of {@code contextSize} (0 for none) with hidden widths
     * {@code hiddenSizes}, {@code paramsPerDim} outputs per coordinate, the autoregressive {@code ordering}, and a
     * zero output layer if {@code zeroLast}.
     */
    public Made(NDManager manager, int dim, int contextSize, int[] hiddenSizes, int paramsPerDim, int[] ordering,
            Activation activation, boolean zeroLast, DataType dtype, long seed) {
        if (dim < 1 || paramsPerDim < 1) {
            throw new IllegalArgumentException("MADE needs dim >= 1 and paramsPerDim >= 1, got " + dim + " and "
                    + paramsPerDim);
        }
        Permutation.checkPermutation(ordering, dim, "MADE ordering");
        for (int h : hiddenSizes) {
            if (h < 1) {
                throw new IllegalArgumentException("MADE hidden sizes must be positive, got " + h);
            }
        }
        this.dim = dim;
        this.contextSize = LayerSupport.checkContextSize(contextSize);
        this.hiddenSizes = hiddenSizes.clone();
        this.paramsPerDim = paramsPerDim;
        this.ordering = ordering.clone();
        this.activation = activation;
        this.zeroLast = zeroLast;
        this.network = new Mlp(manager, Mlp.sizes(dim + contextSize, hiddenSizes, dim * paramsPerDim), activation,
                zeroLast, dtype,
                seed);
        int[] previous = inputDegrees();
        for (int layer = 0; layer <= hiddenSizes.length; layer++) {
            boolean last = layer == hiddenSizes.length;
            int[] next = last ? outputDegrees() : hiddenDegrees(hiddenSizes[layer]);
            double[][] mask = new double[previous.length][next.length];
            for (int a = 0; a < previous.length; a++) {
                for (int b = 0; b < next.length; b++) {
                    boolean connected = last ? next[b] > previous[a] : next[b] >= previous[a];
                    mask[a][b] = connected ? 1.0 : 0.0;
                }
            }
            masks.add(manager.create(mask).toType(dtype, false));
            previous = next;
        }
    }

    /** Coordinate {@code i} has degree {@code ordering[i] + 1}; the context inputs after them have degree 0. */
    private int[] inputDegrees() {
        int[] degrees = new int[dim + contextSize];
        for (int i = 0; i < dim; i++) {
            degrees[i] = ordering[i] + 1;
        }
        return degrees;
    }

    private int[] hiddenDegrees(int width) {
        int[] degrees = new int[width];
        int span = Math.max(dim - 1, 1);
        for (int j = 0; j < width; j++) {
            degrees[j] = j % span + 1;
        }
        return degrees;
    }

    /** Output unit {@code i * k + p} belongs to coordinate {@code i}, so it has that coordinate's degree. */
    private int[] outputDegrees() {
        int[] input = inputDegrees();
        int[] degrees = new int[dim * paramsPerDim];
        for (int u = 0; u < degrees.length; u++) {
            degrees[u] = input[u / paramsPerDim];
        }
        return degrees;
    }

    /** The autoregressive parameters of a batch {@code (n, dim)}: {@code (n, dim, k)}; unconditional MADEs only. */
    public NDArray apply(NDArray x) {
        return apply(x, null);
    }

    /** The autoregressive parameters of a batch {@code (n, dim)} given its context {@code (n, contextSize)}. */
    public NDArray apply(NDArray x, NDArray context) {
        NDArray input = LayerSupport.withContext(x, context, contextSize, "MADE");
        return network.applyMasked(input, masks).reshape(x.getShape().get(0), dim, paramsPerDim);
    }

    public int dim() {
        return dim;
    }

    public int contextSize() {
        return contextSize;
    }

    public int paramsPerDim() {
        return paramsPerDim;
    }

    /** The autoregressive position of each coordinate (a copy). */
    public int[] ordering() {
        return ordering.clone();
    }

    @Override
    public List<Parameter> parameters() {
        return network.parameters();
    }

    /** Settings (dim, hidden sizes, outputs per coordinate, ordering, activation, zero output layer). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("dim", dim);
        json.add("hiddenSizes", ArchitectureJson.ints(hiddenSizes));
        json.addProperty("paramsPerDim", paramsPerDim);
        json.add("ordering", ArchitectureJson.ints(ordering));
        json.addProperty("activation", activation.name());
        json.addProperty("zeroLast", zeroLast);
        LayerSupport.addContextSize(json, contextSize);
        return json;
    }

    /** Rebuilds a MADE from {@link #toJson()} (parameter values are whatever the seed gives; load overwrites them). */
    public static Made fromJson(JsonObject json, NDManager manager, DataType dtype) {
        return new Made(manager, ArchitectureJson.integer(json, "dim"), LayerSupport.contextSize(json),
                ArchitectureJson.integers(json, "hiddenSizes"),
                ArchitectureJson.integer(json, "paramsPerDim"), ArchitectureJson.integers(json, "ordering"),
                ArchitectureJson.enumValue(json, "activation", Activation.class), ArchitectureJson.bool(json,
                        "zeroLast"),
                dtype, 0L);
    }
}
