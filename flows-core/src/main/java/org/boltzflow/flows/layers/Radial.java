package org.boltzflow.flows.layers;

import static ai.djl.nn.Activation.softPlus;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Mlp;

/**
 * The radial flow of Rezende &amp; Mohamed (2015): {@code x = z + β·(z - z0)/(α + r)}, {@code r = |z - z0|},
 * log|det| = (dim - 1)·log(1 + β/(α + r)) + log(1 + αβ/(α + r)²). Invertibility is kept as in the paper:
 * {@code α = softplus(α̂) > 0} and {@code β = -α + softplus(β̂) > -α}.
 *
 * <p>The paper gives no inverse, but it has a closed form: the map keeps the direction from z0 and sends radius r
 * to {@code R = r + βr/(α + r)}, so r is the positive root of {@code r² + (α + β - R)·r - αR = 0}; {@link #inverse}
 * evaluates it in a cancellation-free form, exact to rounding.
 */
public final class Radial implements FlowLayer {
    private final int dim;
    private final DataType dtype;
    private final Parameter z0;
    private final Parameter alphaRaw;
    private final Parameter betaRaw;

    /** A radial flow on {@code dim} coordinates; z0 standard normal, α̂ and β̂ uniform in ±1/dim from the seed. */
    public Radial(NDManager manager, int dim, DataType dtype, long seed) {
        this.dim = dim;
        this.dtype = dtype;
        double lim = 1.0 / dim;
        this.z0 = Mlp.trainable("z0", Rng.normal(manager, new Shape(1, dim), dtype, Rng.derive(seed, 0)));
        this.alphaRaw = Mlp.trainable("alpha", Rng.uniform(manager, new Shape(1), dtype, -lim, lim, Rng.derive(seed, 1)));
        this.betaRaw = Mlp.trainable("beta", Rng.uniform(manager, new Shape(1), dtype, -lim, lim, Rng.derive(seed, 2)));
    }

    private NDArray alpha() {
        return softPlus(alphaRaw.getArray());
    }

    private NDArray beta() {
        return softPlus(betaRaw.getArray()).sub(alpha());
    }

    /** The forward log-det at latent radius {@code r}, shape {@code (n)}. */
    private NDArray logDet(NDArray r, NDArray alpha, NDArray beta) {
        NDArray h = NDMath.pow(r.add(alpha), -1);
        NDArray radial = NDMath.scale(h.mul(beta).add(1.0).log(), dim - 1);
        return radial.add(h.square().mul(alpha).mul(beta).add(1.0).log());
    }

    @Override
    public FlowResult forward(NDArray z) {
        NDArray alpha = alpha();
        NDArray beta = beta();
        NDArray d = z.sub(z0.getArray());
        NDArray r = d.square().sum(new int[] {1}).sqrt();
        NDArray x = z.add(d.mul(NDMath.pow(r.add(alpha), -1).mul(beta).expandDims(1)));
        return new FlowResult(x, logDet(r, alpha, beta));
    }

    @Override
    public FlowResult inverse(NDArray x) {
        NDArray alpha = alpha();
        NDArray beta = beta();
        NDArray d = x.sub(z0.getArray());
        NDArray bigR = d.square().sum(new int[] {1}).sqrt();
        NDArray bq = alpha.add(beta).sub(bigR);
        NDArray root = bq.square().add(NDMath.scale(bigR.mul(alpha), 4)).sqrt();
        // ratio = r / R from the positive root, without cancellation for either sign of bq.
        NDArray whenPositive = NDMath.scale(alpha, 2).div(bq.add(root));
        NDArray whenNotPositive = root.sub(bq).div(NDMath.scale(NDMath.maximum(bigR, Double.MIN_NORMAL), 2));
        NDArray ratio = NDArrays.where(bq.gt(0), whenPositive, whenNotPositive);
        NDArray z = d.mul(ratio.expandDims(1)).add(z0.getArray());
        return new FlowResult(z, logDet(ratio.mul(bigR), alpha, beta).neg());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(z0, alphaRaw, betaRaw);
    }

    @Override
    public JsonObject toJson() {
        return ArchitectureJson.header("Radial", dim, dtype);
    }

    static Radial fromJson(JsonObject json, NDManager manager) {
        return new Radial(manager, ArchitectureJson.integer(json, "dim"), ArchitectureJson.dtype(json), 0L);
    }
}
