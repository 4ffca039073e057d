package org.boltzflow.flows.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Mlp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checkpointable Adam against Adam written out per element in plain Java. */
class CheckpointableAdamTest {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void float64UpdatesMatchPerElementAdam() {
        compare(0.0, DataType.FLOAT64, DataType.FLOAT64, 1e-12);
    }

    @Test
    void weightDecayMatchesPerElementAdam() {
        compare(0.05, DataType.FLOAT64, DataType.FLOAT64, 1e-12);
    }

    @Test
    void float32AndFloat64ParametersAreUpdatedSideBySide() {
        compare(0.0, DataType.FLOAT32, DataType.FLOAT64, 1e-6);
    }

    @Test
    void restoreRefusesStateOfOtherShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointableAdam adam = new CheckpointableAdam(parameters(m, DataType.FLOAT64, DataType.FLOAT64),
                    BETA1, BETA2, EPSILON, 0);
            NDList wrong = new NDList();
            for (NDArray moment : adam.moments()) {
                wrong.add(m.zeros(new Shape(moment.size() + 1)));
            }
            assertThrows(IllegalArgumentException.class, () -> adam.restore(wrong, 3));
            assertThrows(IllegalArgumentException.class, () -> adam.restore(new NDList(), 3));
        }
    }

    /**
     * Seven steps of the optimizer on three parameters of different shapes (the first of {@code firstType}) with
     * seeded random gradients, against the same steps per element; then the moments and, after a restore into a
     * fresh optimizer, three further steps.
     */
    private static void compare(double weightDecay, DataType firstType, DataType otherType, double tolerance) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(m, firstType, otherType);
            double[][] w = new double[params.size()][];
            double[][] first = new double[params.size()][];
            double[][] second = new double[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                w[i] = params.get(i).getArray().toType(DataType.FLOAT64, false).toDoubleArray();
                first[i] = new double[w[i].length];
                second[i] = new double[w[i].length];
            }
            CheckpointableAdam adam = new CheckpointableAdam(params, BETA1, BETA2, EPSILON, weightDecay);
            for (int t = 1; t <= 7; t++) {
                double lr = 0.01 * t;
                List<NDArray> grads = gradients(m, params, t);
                adam.update(grads, lr);
                reference(w, first, second, grads, weightDecay, lr, t);
                assertParameters(params, w, tolerance, "step " + t);
            }
            assertEquals(7, adam.updates());
            NDList moments = adam.moments();
            for (int i = 0; i < params.size(); i++) {
                assertClose(first[i], moments.get(i), tolerance, "first moment " + i);
                assertClose(second[i], moments.get(params.size() + i), tolerance, "second moment " + i);
            }
            CheckpointableAdam resumed = new CheckpointableAdam(params, BETA1, BETA2, EPSILON, weightDecay);
            resumed.restore(moments, adam.updates());
            for (int t = 8; t <= 10; t++) {
                List<NDArray> grads = gradients(m, params, t);
                resumed.update(grads, 0.01);
                reference(w, first, second, grads, weightDecay, 0.01, t);
                assertParameters(params, w, tolerance, "resumed step " + t);
            }
        }
    }

    private static List<Parameter> parameters(NDManager m, DataType firstType, DataType otherType) {
        Shape[] shapes = {new Shape(3, 4), new Shape(5), new Shape(2, 2, 2)};
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            params.add(Mlp.trainable("p" + i, Rng.normal(m, shapes[i], i == 0 ? firstType : otherType, 100L + i)));
        }
        return params;
    }

    private static List<NDArray> gradients(NDManager m, List<Parameter> params, int step) {
        List<NDArray> grads = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i).getArray();
            grads.add(Rng.normal(m, p.getShape(), p.getDataType(), Rng.derive(step, i)).mul(0.1 * (i + 1)));
        }
        return grads;
    }

    /** Adam step {@code t} per element: the rule of Kingma & Ba with the bias corrections folded into the step. */
    private static void reference(double[][] w, double[][] first, double[][] second, List<NDArray> grads,
            double weightDecay, double lr, int t) {
        double stepSize = lr * Math.sqrt(1.0 - Math.pow(BETA2, t)) / (1.0 - Math.pow(BETA1, t));
        for (int i = 0; i < w.length; i++) {
            double[] g = grads.get(i).toType(DataType.FLOAT64, false).toDoubleArray();
            for (int j = 0; j < g.length; j++) {
                double gj = g[j] + weightDecay * w[i][j];
                first[i][j] = BETA1 * first[i][j] + (1 - BETA1) * gj;
                second[i][j] = BETA2 * second[i][j] + (1 - BETA2) * gj * gj;
                w[i][j] -= stepSize * first[i][j] / (Math.sqrt(second[i][j]) + EPSILON);
            }
        }
    }

    private static void assertParameters(List<Parameter> params, double[][] w, double tolerance, String what) {
        for (int i = 0; i < params.size(); i++) {
            assertClose(w[i], params.get(i).getArray(), tolerance, what + ", parameter " + i);
        }
    }

    private static void assertClose(double[] expected, NDArray actual, double tolerance, String what) {
        double[] a = actual.toType(DataType.FLOAT64, false).toDoubleArray();
        assertEquals(expected.length, a.length, what + ": size");
        for (int j = 0; j < a.length; j++) {
            assertEquals(expected[j], a[j], tolerance * Math.max(1, Math.abs(expected[j])), what + "[" + j + "]");
        }
    }
}
