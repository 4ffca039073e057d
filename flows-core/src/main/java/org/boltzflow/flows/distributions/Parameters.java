package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** Wraps arrays of distributions as DJL parameters: trainable ones get gradients, fixed ones are saved buffers. */
final class Parameters {
    private Parameters() {}

    /** {@code array} as a parameter named {@code name}, with or without gradient. */
    static Parameter of(String name, NDArray array, boolean trainable) {
        array.setRequiresGradient(trainable);
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optArray(array)
                .optRequiresGrad(trainable).build();
    }
}
