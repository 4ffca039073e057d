package org.boltzflow.flows.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.SplittableRandom;
import org.boltzflow.flows.NDMath;

/**
 * Spectral normalization of one weight matrix {@code W (in, out)} (Miyato et al. 2018, as used by i-ResNets,
 * Behrmann et al. 2019): the largest singular value σ is estimated by power iteration on a saved vector {@code u},
 * and {@link #normalized} returns {@code W / max(1, σ/c)}, whose spectral norm is at most the coefficient {@code c}
 * (up to the estimate's convergence). The power iteration runs in plain Java on a copy of {@code W}, outside
 * autograd; σ = vᵀWu with fixed {@code u, v} is differentiable in {@code W}, as in the reference implementation.
 */
public final class SpectralNorm {
    private final Parameter weight;
    private final Parameter u;
    private final int in;
    private final int out;

    /**
     * Normalizes {@code weight}; {@code u} starts as a random unit vector from {@code seed} and is refined by
     * {@code iterations} power iterations.
     */
    public SpectralNorm(NDManager manager, Parameter weight, String name, int iterations, long seed) {
        this.weight = weight;
        Shape shape = weight.getArray().getShape();
        this.in = Math.toIntExact(shape.get(0));
        this.out = Math.toIntExact(shape.get(1));
        SplittableRandom random = new SplittableRandom(seed);
        double[] start = new double[out];
        for (int i = 0; i < out; i++) {
            start[i] = random.nextDouble() - 0.5;
        }
        NDArray array = manager.create(unit(start)).toType(weight.getArray().getDataType(), false);
        array.setRequiresGradient(false);
        this.u = Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optArray(array).optRequiresGrad(false)
                .build();
        iterate(iterations);
    }

    /** The saved power-iteration vector (a fixed parameter, saved with the model). */
    public Parameter vector() {
        return u;
    }

    /** {@code steps} power iterations {@code v = Wu/|Wu|, u = Wᵀv/|Wᵀv|}, updating the saved vector. */
    public void iterate(int steps) {
        if (steps <= 0) {
            return;
        }
        double[] w = weight.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        double[] vector = u.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        for (int s = 0; s < steps; s++) {
            vector = unit(transposeTimes(w, unit(times(w, vector))));
        }
        NDArray array = u.getArray();
        try (NDArray updated = array.getManager().create(vector).toType(array.getDataType(), false)) {
            array.set(updated.toByteBuffer());
        }
    }

    /**
     * The estimate σ = vᵀWu with {@code v = Wu/|Wu|}, differentiable in {@code W}; arrays attach to {@code like}'s
     * manager.
     */
    public NDArray sigma(NDArray like) {
        double[] w = weight.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        double[] uValues = u.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        NDManager m = like.getManager();
        DataType type = weight.getArray().getDataType();
        NDArray uArray = m.create(uValues, new Shape(out, 1)).toType(type, false);
        NDArray vArray = m.create(unit(times(w, uValues)), new Shape(1, in)).toType(type, false);
        return vArray.matMul(weight.getArray()).matMul(uArray).reshape(new Shape());
    }

    /** {@code W / max(1, σ/c)}: the weight scaled down to spectral norm {@code coefficient} when it exceeds it. */
    public NDArray normalized(NDArray like, double coefficient) {
        NDArray factor = NDMath.maximum(NDMath.scale(sigma(like), 1.0 / coefficient), 1.0);
        return weight.getArray().div(factor);
    }

    private double[] times(double[] w, double[] vector) {
        double[] result = new double[in];
        for (int i = 0; i < in; i++) {
            double sum = 0;
            for (int j = 0; j < out; j++) {
                sum += w[i * out + j] * vector[j];
            }
            result[i] = sum;
        }
        return result;
    }

    private double[] transposeTimes(double[] w, double[] vector) {
        double[] result = new double[out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                result[j] += w[i * out + j] * vector[i];
            }
        }
        return result;
    }

    private static double[] unit(double[] vector) {
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] result = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            result[i] = norm > 0 ? vector[i] / norm : 1.0 / Math.sqrt(vector.length);
        }
        return result;
    }
}
