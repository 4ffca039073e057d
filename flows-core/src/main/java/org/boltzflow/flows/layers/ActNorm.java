package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;

/**
 * Activation normalization (Glow): a {@link ShiftScale} whose shift and scale are set from the first batch it sees,
 * so that batch comes out with zero mean and unit variance per coordinate. A first {@link #inverse} (data to
 * latent, the training direction of forward KL) standardizes the data batch; a first {@link #forward} standardizes
 * its output. {@link #initialize} does it explicitly from data. Whether it has been initialised is a saved fixed
 * parameter, so a loaded model never re-initialises. Scales use std + {@value #EPS}.
 */
public final class ActNorm implements FlowLayer {
    private static final double EPS = 1e-6;
    private final ShiftScale affine;
    private final DataType dtype;
    private final Parameter initialized;

    /** An uninitialised ActNorm on {@code dim} coordinates of {@code dtype}. */
    public ActNorm(NDManager manager, int dim, DataType dtype) {
        this.affine = new ShiftScale(manager, dim, dtype);
        this.dtype = dtype;
        this.initialized = LayerSupport.fixed("initialized", manager.zeros(new Shape(1), dtype));
    }

    /** Whether shift and scale have been set from data (or loaded). */
    public boolean isInitialized() {
        return initialized.getArray().toType(DataType.FLOAT64, false).getDouble(0) != 0.0;
    }

    /** Sets shift and scale so that {@link #inverse} maps the data batch {@code x} to zero mean, unit variance. */
    public void initialize(NDArray x) {
        NDArray[] stats = meanAndLogStd(x);
        affine.set(stats[0], stats[1]);
        markInitialized();
    }

    /** Sets shift and scale so that {@link #forward} maps the latent batch {@code z} to zero mean, unit variance. */
    private void initializeFromLatent(NDArray z) {
        NDArray[] stats = meanAndLogStd(z);
        NDArray logScale = stats[1].neg();
        affine.set(stats[0].mul(logScale.exp()).neg(), logScale);
        markInitialized();
    }

    private static NDArray[] meanAndLogStd(NDArray batch) {
        NDArray b = batch.stopGradient();
        if (b.getShape().get(0) < 2) {
            throw new IllegalArgumentException("ActNorm needs a batch of at least 2 rows to initialise, got "
                    + b.getShape().get(0));
        }
        NDArray mean = b.mean(new int[] {0}, true);
        NDArray std = b.sub(mean).square().mean(new int[] {0}, true).sqrt();
        return new NDArray[] {mean, std.add(EPS).log()};
    }

    private void markInitialized() {
        LayerSupport.overwrite(initialized, initialized.getArray().onesLike());
    }

    @Override
    public FlowResult forward(NDArray z) {
        if (!isInitialized()) {
            initializeFromLatent(z);
        }
        return affine.forward(z);
    }

    @Override
    public FlowResult inverse(NDArray x) {
        if (!isInitialized()) {
            initialize(x);
        }
        return affine.inverse(x);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(affine.parameters());
        all.add(initialized);
        return all;
    }

    @Override
    public JsonObject toJson() {
        return Json.header("ActNorm", affine.dim(), dtype);
    }

    static ActNorm fromJson(JsonObject json, NDManager manager) {
        return new ActNorm(manager, Json.integer(json, "dim"), Json.dtype(json));
    }
}
