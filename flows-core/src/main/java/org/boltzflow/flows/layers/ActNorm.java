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
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Activation normalization (Glow): an elementwise affine map with trainable shift and log-scale (the parameters of
 * a {@link ShiftScale}), set from the first batch it sees so that batch comes out with zero mean and unit variance
 * per coordinate, or per channel for images. A first {@link #inverse} (data to latent, the training direction of
 * forward KL) standardizes the data batch; a first {@link #forward} standardizes its output. {@link #initialize}
 * does it explicitly from data. Whether it has been initialised is a saved fixed parameter, so a loaded model never
 * re-initialises. Scales use std + {@value #EPS}.
 *
 * <p>On images (flattened channel-major, {@code (n, C·P)} for {@code C} channels of {@code P} pixels) one shift
 * and scale serve all pixels of a channel and log|det| = P·Σ logScale; vectors are the case {@code P = 1}.
 */
public final class ActNorm implements FlowLayer {
    private static final double EPS = 1e-6;
    private final ShiftScale affine;
    private final int pixels;
    private final DataType dtype;
    private final Parameter initialized;

    /** An uninitialised ActNorm on {@code dim} coordinates of {@code dtype}. */
    public ActNorm(NDManager manager, int dim, DataType dtype) {
        this(manager, dim, 1, dtype);
    }

    /** An uninitialised ActNorm on images of {@code channels} channels of {@code pixels} pixels each. */
    public ActNorm(NDManager manager, int channels, int pixels, DataType dtype) {
        if (pixels < 1) {
            throw new IllegalArgumentException("ActNorm needs at least one pixel per channel, got " + pixels);
        }
        this.affine = new ShiftScale(manager, channels, dtype);
        this.pixels = pixels;
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

    /** Per channel mean and log(std + eps) of a batch (over rows and pixels), each {@code (1, C)}. */
    private NDArray[] meanAndLogStd(NDArray batch) {
        NDArray b = batch.stopGradient();
        if (b.getShape().get(0) * pixels < 2) {
            throw new IllegalArgumentException("ActNorm needs a batch of at least 2 rows to initialise, got "
                    + b.getShape().get(0));
        }
        if (pixels > 1) {
            b = channels(b).transpose(0, 2, 1).reshape(-1, affine.dim());
        }
        NDArray mean = b.mean(new int[] {0}, true);
        NDArray std = b.sub(mean).square().mean(new int[] {0}, true).sqrt();
        return new NDArray[] {mean, std.add(EPS).log()};
    }

    /** A batch {@code (n, C·P)} viewed as {@code (n, C, P)}. */
    private NDArray channels(NDArray batch) {
        return batch.reshape(batch.getShape().get(0), affine.dim(), pixels);
    }

    private void markInitialized() {
        LayerSupport.overwrite(initialized, initialized.getArray().onesLike());
    }

    private FlowResult apply(NDArray input, boolean forward) {
        NDArray shift = affine.parameters().get(0).getArray().reshape(1, affine.dim(), 1);
        NDArray logScale = affine.parameters().get(1).getArray();
        NDArray scale = (forward ? logScale : logScale.neg()).exp().reshape(1, affine.dim(), 1);
        NDArray c = channels(input);
        NDArray out = forward ? c.mul(scale).add(shift) : c.sub(shift).mul(scale);
        NDArray logDet = NDMath.scale(logScale.sum(), forward ? pixels : -pixels);
        return new FlowResult(out.reshape(input.getShape()), LayerSupport.perSample(logDet, input));
    }

    @Override
    public FlowResult forward(NDArray z) {
        if (!isInitialized()) {
            initializeFromLatent(z);
        }
        return apply(z, true);
    }

    @Override
    public FlowResult inverse(NDArray x) {
        if (!isInitialized()) {
            initialize(x);
        }
        return apply(x, false);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(affine.parameters());
        all.add(initialized);
        return all;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("ActNorm", affine.dim(), dtype);
        if (pixels > 1) {
            json.addProperty("pixels", pixels);
        }
        return json;
    }

    static ActNorm fromJson(JsonObject json, NDManager manager) {
        return new ActNorm(manager, ArchitectureJson.integer(json, "dim"), ArchitectureJson.integer(json, "pixels", 1),
                ArchitectureJson.dtype(json));
    }
}
