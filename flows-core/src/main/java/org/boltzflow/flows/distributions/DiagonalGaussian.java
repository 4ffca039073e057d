package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.io.ArchitectureJson;

/** A Gaussian with diagonal covariance, {@code N(loc, diag(exp(logScale))²)}; loc and scale optionally trainable. */
public final class DiagonalGaussian implements Distribution {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    private final int dim;
    private final boolean trainable;
    private final Parameter loc;
    private final Parameter logScale;

    /** A standard normal (zero mean, unit scale) in {@code dim} dimensions, trainable or not, of {@code dtype}. */
    public DiagonalGaussian(NDManager manager, int dim, boolean trainable, DataType dtype) {
        this.dim = dim;
        this.trainable = trainable;
        this.loc = Parameters.of("loc", manager.zeros(new Shape(1, dim), dtype), trainable);
        this.logScale = Parameters.of("log_scale", manager.zeros(new Shape(1, dim), dtype), trainable);
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDArray u = x.sub(loc.getArray()).mul(logScale.getArray().neg().exp());
        return NDMath.scale(u.square(), -0.5).sub(logScale.getArray()).sum(new int[] {1}).sub(0.5 * dim * LOG_2PI);
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        NDArray eps = Rng.normal(manager, new Shape(n, dim), loc.getArray().getDataType(), seed);
        NDArray x = eps.mul(logScale.getArray().exp()).add(loc.getArray());
        NDArray logProb = NDMath.scale(eps.square(), -0.5).sum(new int[] {1}).sub(logScale.getArray().sum())
                .sub(0.5 * dim * LOG_2PI);
        return new Sample(x, logProb);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(loc, logScale);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "DiagonalGaussian");
        json.addProperty("dim", dim);
        json.addProperty("trainable", trainable);
        return json;
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static DiagonalGaussian fromJson(JsonObject json, NDManager manager) {
        return new DiagonalGaussian(manager, ArchitectureJson.integer(json, "dim"), ArchitectureJson.bool(json,
                "trainable"),
                ArchitectureJson.dtype(json));
    }
}
