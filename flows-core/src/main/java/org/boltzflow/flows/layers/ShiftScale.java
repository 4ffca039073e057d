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
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Mlp;

/**
 * An elementwise affine map with trainable shift and log-scale (normflows' {@code AffineConstFlow}):
 * {@code x = z·exp(logScale) + shift}, log|det| = Σ logScale. Starts as the identity.
 */
public final class ShiftScale implements FlowLayer {
    private final int dim;
    private final DataType dtype;
    private final Parameter shift;
    private final Parameter logScale;

    /** The identity map on {@code dim} coordinates, with trainable shift and log-scale of {@code dtype}. */
    public ShiftScale(NDManager manager, int dim, DataType dtype) {
        this.dim = dim;
        this.dtype = dtype;
        this.shift = Mlp.trainable("shift", manager.zeros(new Shape(1, dim), dtype));
        this.logScale = Mlp.trainable("log_scale", manager.zeros(new Shape(1, dim), dtype));
    }

    @Override
    public FlowResult forward(NDArray z) {
        NDArray s = logScale.getArray();
        return new FlowResult(z.mul(s.exp()).add(shift.getArray()), LayerSupport.perSample(s.sum(), z));
    }

    @Override
    public FlowResult inverse(NDArray x) {
        NDArray s = logScale.getArray();
        return new FlowResult(x.sub(shift.getArray()).mul(s.neg().exp()), LayerSupport.perSample(s.sum().neg(), x));
    }

    /** Sets shift and log-scale to the given {@code (1, dim)} values (outside autograd). */
    public void set(NDArray newShift, NDArray newLogScale) {
        LayerSupport.overwrite(shift, newShift);
        LayerSupport.overwrite(logScale, newLogScale);
    }

    public int dim() {
        return dim;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(shift, logScale);
    }

    @Override
    public JsonObject toJson() {
        return ArchitectureJson.header("ShiftScale", dim, dtype);
    }

    static ShiftScale fromJson(JsonObject json, NDManager manager) {
        return new ShiftScale(manager, ArchitectureJson.integer(json, "dim"), ArchitectureJson.dtype(json));
    }
}
