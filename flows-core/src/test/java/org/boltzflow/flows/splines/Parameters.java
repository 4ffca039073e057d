package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.Rng;

/** Test helpers that set a model's parameters. */
final class Parameters {
    private Parameters() {}

    /** Overwrites every parameter with normal noise of standard deviation {@code scale}, from {@code seed}. */
    static void randomize(HasParameters model, long seed, double scale) {
        int i = 0;
        for (Parameter p : model.parameters()) {
            NDArray a = p.getArray();
            try (NDArray noise = Rng.normal(a.getManager(), a.getShape(), a.getDataType(), Rng.derive(seed, i++))
                    .mul(scale)) {
                a.set(noise.toByteBuffer());
            }
        }
    }

    /** Copies every parameter value of {@code from} into {@code to} (same architecture). */
    static void copy(HasParameters from, HasParameters to) {
        for (int i = 0; i < from.parameters().size(); i++) {
            to.parameters().get(i).getArray().set(from.parameters().get(i).getArray().toByteBuffer());
        }
    }
}
