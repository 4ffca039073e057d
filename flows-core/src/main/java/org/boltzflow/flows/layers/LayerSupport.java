package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Small helpers shared by the layers: fixed parameters (saved, not trained), in-place overwrite, per-sample log-dets,
 * and the context input of conditional layers.
 */
final class LayerSupport {
    private LayerSupport() {}

    /** A parameter without gradient (a buffer such as running statistics or a fixed permutation), saved with the model. */
    static Parameter fixed(String name, NDArray array) {
        array.setRequiresGradient(false);
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optArray(array).optRequiresGrad(false)
                .build();
    }

    /** Overwrites the values of {@code parameter} with {@code values} (same shape), outside any autograd graph. */
    static void overwrite(Parameter parameter, NDArray values) {
        NDArray target = parameter.getArray();
        try (NDArray converted = values.stopGradient().toType(target.getDataType(), true)) {
            target.set(converted.reshape(target.getShape()).toByteBuffer());
        }
    }

    /** The scalar {@code logDet} repeated for each of the {@code input}'s rows, shape {@code (n)}. */
    static NDArray perSample(NDArray logDet, NDArray input) {
        return logDet.reshape(new Shape()).broadcast(new Shape(input.getShape().get(0)));
    }

    /** A zero log-det for each of the {@code input}'s rows. */
    static NDArray zeroLogDet(NDArray input) {
        return input.getManager().zeros(new Shape(input.getShape().get(0)), input.getDataType());
    }

    /**
     * What a conditioner reads: {@code features (n, f)} alone when {@code contextSize} is 0, else the features
     * followed by the {@code context (n, contextSize)}, which must then be given with one row per feature row.
     */
    static NDArray withContext(NDArray features, NDArray context, int contextSize, String layer) {
        if (contextSize == 0) {
            return features;
        }
        long n = features.getShape().get(0);
        if (context == null) {
            throw new IllegalArgumentException(layer + " is conditional (context size " + contextSize
                    + "): call forward/inverse with a context");
        }
        if (!context.getShape().equals(new Shape(n, contextSize))) {
            throw new IllegalArgumentException(layer + " expects a context of shape " + new Shape(n, contextSize)
                    + ", got " + context.getShape());
        }
        return features.concat(context.toType(features.getDataType(), false), 1);
    }

    /**
     * Adds {@code "contextSize"} to a layer's description when the layer is conditional (unconditional JSON stays as
     * it was).
     */
    static void addContextSize(JsonObject json, int contextSize) {
        if (contextSize > 0) {
            json.addProperty("contextSize", contextSize);
        }
    }

    /** The {@code "contextSize"} of a layer's description, 0 when absent. */
    static int contextSize(JsonObject json) {
        return ArchitectureJson.integer(json, "contextSize", 0);
    }

    /** Checks a context size is not negative. */
    static int checkContextSize(int contextSize) {
        if (contextSize < 0) {
            throw new IllegalArgumentException("context size must be >= 0, got " + contextSize);
        }
        return contextSize;
    }
}
