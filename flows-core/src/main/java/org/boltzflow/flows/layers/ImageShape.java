package org.boltzflow.flows.layers;

import com.google.gson.JsonObject;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The shape {@code (channels, height, width)} of the images an image layer sees, each flattened channel-major
 * into {@link #size()} coordinates of a batch row (the layout of NumPy's {@code reshape(n, -1)} of {@code (n, C, H, W)}).
 */
public record ImageShape(int channels, int height, int width) {
    /** Checks the sizes are positive. */
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x"
                    + width);
        }
    }

    /** Coordinates per image. */
    public int size() {
        return channels * height * width;
    }

    /** Pixels per channel. */
    public int pixels() {
        return height * width;
    }

    /** The shape after Glow's squeeze: every 2x2 block of pixels becomes 4 channels. */
    public ImageShape squeezed() {
        if (height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("cannot squeeze an image of odd size " + height + "x" + width);
        }
        return new ImageShape(4 * channels, height / 2, width / 2);
    }

    /** The first {@code keep} channels. */
    public ImageShape firstChannels(int keep) {
        return new ImageShape(keep, height, width);
    }

    /** Adds {@code channels}, {@code height} and {@code width} to a description. */
    void addTo(JsonObject json) {
        json.addProperty("channels", channels);
        json.addProperty("height", height);
        json.addProperty("width", width);
    }

    /** The shape a description holds. */
    static ImageShape of(JsonObject json) {
        return new ImageShape(ArchitectureJson.integer(json, "channels"), ArchitectureJson.integer(json, "height"),
                ArchitectureJson.integer(json, "width"));
    }
}
