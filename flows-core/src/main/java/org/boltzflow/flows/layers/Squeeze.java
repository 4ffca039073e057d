package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Glow's squeeze (Dinh et al. 2017): in the density direction ({@link #inverse}) every 2x2 block of pixels of a
 * {@code (C, H, W)} image becomes 4 channels of a {@code (4C, H/2, W/2)} image; channel {@code 4c + 2i + j} holds
 * pixel {@code (i, j)} of the block of channel {@code c}. {@link #forward} undoes it. A permutation: log|det| = 0.
 */
public final class Squeeze implements FlowLayer {
    private final ImageShape image;
    private final ImageShape squeezed;

    /** Squeezes images of {@code image} shape (even height and width). */
    public Squeeze(ImageShape image) {
        this.image = image;
        this.squeezed = image.squeezed();
    }

    /** The shape of the squeezed images. */
    public ImageShape squeezed() {
        return squeezed;
    }

    @Override
    public FlowResult inverse(NDArray x) {
        long n = x.getShape().get(0);
        NDArray blocks = x.reshape(n, image.channels(), squeezed.height(), 2, squeezed.width(), 2)
                .transpose(0, 1, 3, 5, 2, 4);
        return new FlowResult(blocks.reshape(n, image.size()), LayerSupport.zeroLogDet(x));
    }

    @Override
    public FlowResult forward(NDArray z) {
        long n = z.getShape().get(0);
        NDArray blocks = z.reshape(n, image.channels(), 2, 2, squeezed.height(), squeezed.width())
                .transpose(0, 1, 4, 2, 5, 3);
        return new FlowResult(blocks.reshape(n, image.size()), LayerSupport.zeroLogDet(z));
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("Squeeze", image.size());
        image.addTo(json);
        return json;
    }

    static Squeeze fromJson(JsonObject json, NDManager manager) {
        return new Squeeze(ImageShape.of(json));
    }
}
