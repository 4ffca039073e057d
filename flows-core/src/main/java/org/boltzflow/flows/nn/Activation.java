package org.boltzflow.flows.nn;

import ai.djl.ndarray.NDArray;

/** Elementwise activations of hidden layers. */
public enum Activation {
    RELU,
    TANH,
    SILU,
    LEAKY_RELU;

    /** Applies the activation. */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case TANH -> x.tanh();
            case SILU -> x.mul(ai.djl.nn.Activation.sigmoid(x));
            case LEAKY_RELU -> ai.djl.nn.Activation.leakyRelu(x, 0.01f);
        };
    }
}
