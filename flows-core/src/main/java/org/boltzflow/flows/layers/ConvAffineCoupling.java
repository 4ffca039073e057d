package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Mlp;

/**
 * Glow's affine coupling on images: the first {@code ⌊C/2⌋} channels pass unchanged and condition, through a small
 * convolutional network (3x3 conv, ReLU, 1x1 conv, ReLU, 3x3 conv; zero padding), a shift and a log-scale
 * {@code s = B·tanh(raw/B)} for every pixel of the other channels: {@code x = z·exp(s) + t}, log|det| = Σ s. The
 * last convolution starts at zero, so a fresh layer is the identity. The same layer, placed where a multiscale flow
 * factors channels out, is Glow's split with a learned conditional prior: the factored-out channels get a Gaussian
 * whose mean and scale are functions of the kept ones.
 */
public final class ConvAffineCoupling implements FlowLayer {
    private final ImageShape image;
    private final int hidden;
    private final double scaleBound;
    private final DataType dtype;
    private final int kept;
    private final int moved;
    private final List<Parameter> parameters;

    /**
     * A coupling on images of {@code image} shape (at least 2 channels) with {@code hidden} channels inside the
     * network.
     */
    public ConvAffineCoupling(NDManager manager, ImageShape image, int hidden, double scaleBound, DataType dtype,
            long seed) {
        if (image.channels() < 2 || hidden < 1) {
            throw new IllegalArgumentException("a convolutional coupling needs at least 2 channels and 1 hidden "
                    + "channel, got " + image.channels() + " and " + hidden);
        }
        this.image = image;
        this.hidden = hidden;
        this.scaleBound = SoftClamp.check(scaleBound);
        this.dtype = dtype;
        this.kept = image.channels() / 2;
        this.moved = image.channels() - kept;
        this.parameters = List.of(
                kernel(manager, "conv0_w", new Shape(hidden, kept, 3, 3), false, dtype, Rng.derive(seed, 0)),
                kernel(manager, "conv0_b", new Shape(hidden), false, dtype, Rng.derive(seed, 1)),
                kernel(manager, "conv1_w", new Shape(hidden, hidden, 1, 1), false, dtype, Rng.derive(seed, 2)),
                kernel(manager, "conv1_b", new Shape(hidden), false, dtype, Rng.derive(seed, 3)),
                kernel(manager, "conv2_w", new Shape(2L * moved, hidden, 3, 3), true, dtype, 0L),
                kernel(manager, "conv2_b", new Shape(2L * moved), true, dtype, 0L));
    }

    /** A trainable kernel or bias, uniform in ±1/sqrt(fan_in) of its convolution, or zero. */
    private Parameter kernel(NDManager manager, String name, Shape shape, boolean zero, DataType type, long seed) {
        int fanIn = name.startsWith("conv0") ? kept * 9 : name.startsWith("conv1") ? hidden : hidden * 9;
        double bound = 1.0 / Math.sqrt(fanIn);
        NDArray values = zero ? manager.zeros(shape, type) : Rng.uniform(manager, shape, type, -bound, bound, seed);
        return Mlp.trainable(name, values);
    }

    /**
     * Convolution {@code layer} (stride 1; a 3x3 kernel with zero padding 1 keeps the size) of {@code input
     * (n, C, H, W)}, as a matrix product with the image's patches. Written out rather than calling the engine's
     * convolution, which on CPUs without NNPACK support logs a warning at every call.
     */
    private NDArray conv(NDArray input, int layer) {
        NDArray weight = parameters.get(2 * layer).getArray();
        NDArray bias = parameters.get(2 * layer + 1).getArray();
        long n = input.getShape().get(0);
        long channels = input.getShape().get(1);
        long out = weight.getShape().get(0);
        int size = Math.toIntExact(weight.getShape().get(2));
        NDArray patches = input;
        if (size > 1) {
            NDManager m = input.getManager();
            int h = image.height();
            int w = image.width();
            NDArray rows = m.zeros(new Shape(n, channels, 1, w), input.getDataType());
            NDArray padded = rows.concat(input, 2).concat(rows, 2);
            NDArray columns = m.zeros(new Shape(n, channels, h + 2, 1), input.getDataType());
            padded = columns.concat(padded, 3).concat(columns, 3);
            NDList shifted = new NDList();
            for (int di = 0; di < size; di++) {
                for (int dj = 0; dj < size; dj++) {
                    shifted.add(padded.get(":, :, " + di + ":" + (di + h) + ", " + dj + ":" + (dj + w)));
                }
            }
            patches = NDArrays.stack(shifted, 2);
        }
        NDArray product = weight.reshape(out, -1).matMul(patches.reshape(n, -1, image.pixels()));
        return product.add(bias.reshape(1, out, 1)).reshape(n, out, image.height(), image.width());
    }

    /** Shift and log-scale {@code (n, moved, H, W)} from the kept channels {@code (n, kept, H, W)}. */
    private NDArray[] shiftAndLogScale(NDArray passed) {
        NDArray h = ai.djl.nn.Activation.relu(conv(passed, 0));
        h = ai.djl.nn.Activation.relu(conv(h, 1));
        NDArray out = conv(h, 2);
        NDArray shift = out.get(":, :" + moved);
        NDArray logScale = SoftClamp.apply(out.get(":, " + moved + ":"), scaleBound);
        return new NDArray[] {shift, logScale};
    }

    private FlowResult couple(NDArray input, boolean forward) {
        long n = input.getShape().get(0);
        NDArray images = input.reshape(n, image.channels(), image.height(), image.width());
        NDArray passed = images.get(":, :" + kept);
        NDArray changed = images.get(":, " + kept + ":");
        NDArray[] st = shiftAndLogScale(passed);
        NDArray out = forward ? changed.mul(st[1].exp()).add(st[0]) : changed.sub(st[0]).mul(st[1].neg().exp());
        NDArray logDet = st[1].sum(new int[] {1, 2, 3});
        return new FlowResult(passed.concat(out, 1).reshape(n, image.size()), forward ? logDet : logDet.neg());
    }

    @Override
    public FlowResult forward(NDArray z) {
        return couple(z, true);
    }

    @Override
    public FlowResult inverse(NDArray x) {
        return couple(x, false);
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("ConvAffineCoupling", image.size(), dtype);
        image.addTo(json);
        json.addProperty("hidden", hidden);
        json.addProperty("scaleBound", scaleBound);
        return json;
    }

    static ConvAffineCoupling fromJson(JsonObject json, NDManager manager) {
        return new ConvAffineCoupling(manager, ImageShape.of(json), ArchitectureJson.integer(json, "hidden"),
                ArchitectureJson.number(json, "scaleBound"), ArchitectureJson.dtype(json), 0L);
    }
}
