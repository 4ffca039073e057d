package org.boltzflow.flows.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.Rng;

/**
 * A dense multilayer perceptron, the conditioner of coupling layers: {@code in -> hidden... -> out} with an
 * activation between layers. Weights are initialised uniformly in ±1/sqrt(fan_in) from an explicit seed; the last
 * layer can start at zero so that a fresh flow is the identity (as in normflows' {@code init_zeros}).
 */
public final class Mlp implements HasParameters {
    private final int[] sizes;
    private final Activation activation;
    private final boolean zeroLast;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();

    /**
     * An MLP with layer widths {@code sizes} (input, hidden..., output), attached to {@code manager}.
     *
     * @param zeroLast start the output layer at zero
     */
    public Mlp(NDManager manager, int[] sizes, Activation activation, boolean zeroLast, DataType dtype, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        this.sizes = sizes.clone();
        this.activation = activation;
        this.zeroLast = zeroLast;
        for (int i = 0; i + 1 < sizes.length; i++) {
            boolean last = i + 2 == sizes.length;
            double bound = 1.0 / Math.sqrt(sizes[i]);
            Shape shape = new Shape(sizes[i], sizes[i + 1]);
            NDArray w = last && zeroLast ? manager.zeros(shape, dtype)
                    : Rng.uniform(manager, shape, dtype, -bound, bound, Rng.derive(seed, 2L * i));
            NDArray b = last && zeroLast ? manager.zeros(new Shape(sizes[i + 1]), dtype)
                    : Rng.uniform(manager, new Shape(sizes[i + 1]), dtype, -bound, bound, Rng.derive(seed, 2L * i + 1));
            weights.add(trainable("w" + i, w));
            biases.add(trainable("b" + i, b));
        }
    }

    /** The layer widths {@code in, hidden..., out}. */
    public static int[] sizes(int in, int[] hidden, int out) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = in;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = out;
        return sizes;
    }

    /** Wraps {@code array} as a trainable parameter named {@code name}. */
    public static Parameter trainable(String name, NDArray array) {
        array.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).optRequiresGrad(true)
                .build();
    }

    /** Applies the network to a batch {@code (n, in)}, giving {@code (n, out)}. */
    public NDArray apply(NDArray x) {
        return applyMasked(x, null);
    }

    /**
     * Applies the network with each weight matrix multiplied elementwise by {@code masks.get(i)} (same shape), as
     * MADE does; {@code null} means no masks.
     */
    public NDArray applyMasked(NDArray x, List<NDArray> masks) {
        NDArray h = x;
        for (int i = 0; i < weights.size(); i++) {
            NDArray w = weights.get(i).getArray();
            h = h.matMul(masks == null ? w : w.mul(masks.get(i))).add(biases.get(i).getArray());
            if (i + 1 < weights.size()) {
                h = activation.apply(h);
            }
        }
        return h;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            all.add(weights.get(i));
            all.add(biases.get(i));
        }
        return all;
    }

    /** Settings (sizes, activation, zero-initialised last layer) for architecture JSON. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        JsonArray array = new JsonArray();
        for (int s : sizes) {
            array.add(s);
        }
        json.add("sizes", array);
        json.addProperty("activation", activation.name());
        json.addProperty("zeroLast", zeroLast);
        return json;
    }
}
