package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Mlp;

/**
 * Batch normalization as a flow layer (Dinh et al. 2017; Papamakarios et al. 2017). In the density direction
 * ({@link #inverse}, data to latent) {@code z = (x - μ)/sqrt(σ² + eps)·exp(logGamma) + beta}, log|det| =
 * Σ (logGamma - ½ log(σ² + eps)). In training mode (the default) μ and σ² are the batch's mean and (biased)
 * variance, and the running averages are updated with {@code running ← (1 - momentum)·running + momentum·batch};
 * in evaluation mode, and always in {@link #forward} (sampling), the running averages are used, so forward and
 * inverse are exact inverses in evaluation mode. Running mean and variance are fixed parameters, saved with the
 * model; the mode is part of the architecture JSON, so a model saved in evaluation mode loads in evaluation mode.
 */
public final class BatchNormFlow implements FlowLayer {
    private final int dim;
    private final double momentum;
    private final double eps;
    private final DataType dtype;
    private final Parameter logGamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private boolean training = true;

    /** A batch normalization of {@code dim} coordinates with the given running-average momentum and eps. */
    public BatchNormFlow(NDManager manager, int dim, double momentum, double eps, DataType dtype) {
        if (!(momentum > 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("BatchNormFlow needs 0 < momentum <= 1 and eps > 0, got " + momentum
                    + " and " + eps);
        }
        this.dim = dim;
        this.momentum = momentum;
        this.eps = eps;
        this.dtype = dtype;
        Shape shape = new Shape(1, dim);
        this.logGamma = Mlp.trainable("log_gamma", manager.zeros(shape, dtype));
        this.beta = Mlp.trainable("beta", manager.zeros(shape, dtype));
        this.runningMean = LayerSupport.fixed("running_mean", manager.zeros(shape, dtype));
        this.runningVar = LayerSupport.fixed("running_var", manager.ones(shape, dtype));
    }

    /** Momentum 0.1 and eps 1e-5, as nflows. */
    public BatchNormFlow(NDManager manager, int dim, DataType dtype) {
        this(manager, dim, 0.1, 1e-5, dtype);
    }

    /** Training mode: the density direction uses batch statistics and updates the running averages. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    @Override
    public FlowResult inverse(NDArray x) {
        NDArray mean;
        NDArray var;
        if (training) {
            mean = x.mean(new int[] {0}, true);
            var = x.sub(mean).square().mean(new int[] {0}, true);
            LayerSupport.overwrite(runningMean, NDMath.scale(runningMean.getArray(), 1 - momentum).add(NDMath.scale(mean, momentum)));
            LayerSupport.overwrite(runningVar, NDMath.scale(runningVar.getArray(), 1 - momentum).add(NDMath.scale(var, momentum)));
        } else {
            mean = runningMean.getArray();
            var = runningVar.getArray();
        }
        NDArray logStd = NDMath.scale(var.add(eps).log(), 0.5);
        NDArray logScale = logGamma.getArray().sub(logStd);
        NDArray z = x.sub(mean).mul(logScale.exp()).add(beta.getArray());
        return new FlowResult(z, LayerSupport.perSample(logScale.sum(), x));
    }

    @Override
    public FlowResult forward(NDArray z) {
        NDArray logStd = NDMath.scale(runningVar.getArray().add(eps).log(), 0.5);
        NDArray logScale = logStd.sub(logGamma.getArray());
        NDArray x = z.sub(beta.getArray()).mul(logScale.exp()).add(runningMean.getArray());
        return new FlowResult(x, LayerSupport.perSample(logScale.sum(), z));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(logGamma, beta, runningMean, runningVar);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("BatchNormFlow", dim, dtype);
        json.addProperty("momentum", momentum);
        json.addProperty("eps", eps);
        json.addProperty("training", training);
        return json;
    }

    static BatchNormFlow fromJson(JsonObject json, NDManager manager) {
        BatchNormFlow layer = new BatchNormFlow(manager, ArchitectureJson.integer(json, "dim"),
                ArchitectureJson.number(json, "momentum"),
                ArchitectureJson.number(json, "eps"), ArchitectureJson.dtype(json));
        layer.setTraining(ArchitectureJson.bool(json, "training"));
        return layer;
    }
}
