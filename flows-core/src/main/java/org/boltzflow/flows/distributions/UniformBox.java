package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The uniform distribution on a box Π [low_i, high_i); {@code logProb} is {@code -Σ log(high_i - low_i)} inside
 * and -∞ outside. The bounds are fixed, saved buffers.
 */
public final class UniformBox implements Distribution {
    private final int dim;
    private final Parameter low;
    private final Parameter high;

    /** The box with corners {@code low} and {@code high} (each {@code low[i] < high[i]}), of {@code dtype}. */
    public UniformBox(NDManager manager, double[] low, double[] high, DataType dtype) {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("box corners must have the same, non-zero length: " + low.length
                    + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(Double.isFinite(low[i]) && Double.isFinite(high[i]) && low[i] < high[i])) {
                throw new IllegalArgumentException("box side " + i + " [" + low[i] + ", " + high[i]
                        + "] must be finite and non-empty");
            }
        }
        this.dim = low.length;
        this.low = Parameters.of("low", manager.create(low, new Shape(1, dim)).toType(dtype, false), false);
        this.high = Parameters.of("high", manager.create(high, new Shape(1, dim)).toType(dtype, false), false);
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDArray inside = x.gte(low.getArray()).logicalAnd(x.lt(high.getArray())).toType(DataType.INT32, false)
                .sum(new int[] {1}).eq(dim);
        NDArray value = x.getManager().zeros(inside.getShape(), x.getDataType()).sub(logVolume());
        NDArray outside = value.add(Double.NEGATIVE_INFINITY);
        return NDArrays.where(inside, value, outside);
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        NDArray lo = low.getArray();
        NDArray u = Rng.uniform(manager, new Shape(n, dim), lo.getDataType(), 0.0, 1.0, seed);
        NDArray x = u.mul(high.getArray().sub(lo)).add(lo);
        return new Sample(x, manager.zeros(new Shape(n), lo.getDataType()).sub(logVolume()));
    }

    /** Σ log(high_i - low_i), read from the (possibly reloaded) bounds. */
    private NDArray logVolume() {
        return high.getArray().sub(low.getArray()).log().sum();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(low, high);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "UniformBox");
        json.addProperty("dim", dim);
        json.addProperty("dtype", low.getArray().getDataType().name());
        return json;
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static UniformBox fromJson(JsonObject json, NDManager manager) {
        int dim = ArchitectureJson.integer(json, "dim");
        double[] high = new double[dim];
        java.util.Arrays.fill(high, 1.0);
        return new UniformBox(manager, new double[dim], high, ArchitectureJson.dtype(json));
    }
}
