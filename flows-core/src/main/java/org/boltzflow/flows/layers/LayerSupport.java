package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Small helpers shared by the layers: fixed parameters (saved, not trained), in-place overwrite, per-sample log-dets. */
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
}
