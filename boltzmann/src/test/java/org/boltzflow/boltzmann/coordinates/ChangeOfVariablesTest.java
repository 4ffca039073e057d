package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A standard Gaussian in the internal coordinates of a three-atom chain, pushed through the layer: the histogram of
 * the third atom's position (X, Y) in the standard frame must match the density the layer's log-det implies,
 * {@code q(x) exp(frameLogJacobian(x))} integrated over the second atom's coordinate r₁.
 */
class ChangeOfVariablesTest {
    private static final int SAMPLES = 200_000;
    private static final int BINS = 12;
    private static final int SUB = 3;
    private static final int RADIAL = 61;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void pushedForwardGaussianMatchesTheHistogramOfAProjection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            InternalCoordinateTransform layer = chainLayer(manager);
            NDArray z = Rng.normal(manager, new Shape(SAMPLES, 3), DataType.FLOAT64, 2024);
            double[] x = layer.forward(z).value().toDoubleArray();
            double[] xs = new double[SAMPLES];
            double[] ys = new double[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                xs[i] = x[9 * i + 6];
                ys[i] = x[9 * i + 7];
            }
            double[] rangeX = {quantile(xs, 0.002), quantile(xs, 0.998)};
            double[] rangeY = {quantile(ys, 0.002), quantile(ys, 0.998)};
            double[] observed = new double[BINS * BINS];
            for (int i = 0; i < SAMPLES; i++) {
                int bx = (int) Math.floor((xs[i] - rangeX[0]) / (rangeX[1] - rangeX[0]) * BINS);
                int by = (int) Math.floor((ys[i] - rangeY[0]) / (rangeY[1] - rangeY[0]) * BINS);
                if (bx >= 0 && bx < BINS && by >= 0 && by < BINS) {
                    observed[bx * BINS + by]++;
                }
            }
            double exact = chiSquarePerBin(observed, expected(layer, manager, rangeX, rangeY, true));
            double withoutFrame = chiSquarePerBin(observed, expected(layer, manager, rangeX, rangeY, false));
            assertTrue(exact < 2.0, "chi² per bin with the layer's density: " + exact);
            assertTrue(withoutFrame > 20.0, "leaving out the rigid-body volume must be detected: " + withoutFrame);
        }
    }

    /** Expected counts per bin: the implied density of (r₁, X, Y) integrated over r₁ and over each bin. */
    private static double[] expected(InternalCoordinateTransform layer, NDManager manager, double[] rangeX,
            double[] rangeY, boolean withFrame) {
        double wx = (rangeX[1] - rangeX[0]) / (BINS * SUB);
        double wy = (rangeY[1] - rangeY[0]) / (BINS * SUB);
        double rLow = 0.15 - 6 * 0.01;
        double dr = 12 * 0.01 / (RADIAL - 1);
        int points = BINS * SUB * BINS * SUB * RADIAL;
        double[] configurations = new double[9 * points];
        int p = 0;
        for (int i = 0; i < BINS * SUB; i++) {
            for (int j = 0; j < BINS * SUB; j++) {
                for (int k = 0; k < RADIAL; k++) {
                    configurations[9 * p + 3] = rLow + k * dr;
                    configurations[9 * p + 6] = rangeX[0] + (i + 0.5) * wx;
                    configurations[9 * p + 7] = rangeY[0] + (j + 0.5) * wy;
                    p++;
                }
            }
        }
        NDArray cartesian = manager.create(configurations, new Shape(points, 9));
        FlowResult inverse = layer.inverse(cartesian);
        NDArray logDensity = inverse.value().square().sum(new int[] {1}).mul(-0.5).sub(1.5 * Math.log(2 * Math.PI))
                .add(inverse.logDet());
        if (withFrame) {
            logDensity = logDensity.add(layer.frameLogJacobian(cartesian));
        }
        double[] density = logDensity.exp().toDoubleArray();
        double[] counts = new double[BINS * BINS];
        p = 0;
        for (int i = 0; i < BINS * SUB; i++) {
            for (int j = 0; j < BINS * SUB; j++) {
                for (int k = 0; k < RADIAL; k++) {
                    double trapezoid = k == 0 || k == RADIAL - 1 ? 0.5 : 1.0;
                    counts[(i / SUB) * BINS + j / SUB] += SAMPLES * density[p++] * trapezoid * dr * wx * wy;
                }
            }
        }
        return counts;
    }

    private static double chiSquarePerBin(double[] observed, double[] expected) {
        double sum = 0;
        int bins = 0;
        for (int b = 0; b < observed.length; b++) {
            if (expected[b] > 50) {
                sum += Math.pow(observed[b] - expected[b], 2) / expected[b];
                bins++;
            }
        }
        return sum / bins;
    }

    /** A chain A-B-C, Z-matrix A (origin), B (bond to A), C (bond to B, angle C-B-A), with fitted statistics. */
    private static InternalCoordinateTransform chainLayer(NDManager manager) {
        ZMatrix zmatrix = ZMatrix.global(3, List.of(new ZMatrix.Entry(0, -1, -1, -1), new ZMatrix.Entry(1, 0, -1, -1),
                new ZMatrix.Entry(2, 1, 0, -1)));
        SplittableRandom random = new SplittableRandom(5);
        int frames = 2000;
        double[] data = new double[9 * frames];
        for (int f = 0; f < frames; f++) {
            double r1 = 0.15 + 0.01 * gaussian(random);
            double r2 = 0.15 + 0.01 * gaussian(random);
            double theta = 1.9 + 0.15 * gaussian(random);
            data[9 * f + 3] = r1;
            data[9 * f + 6] = r1 - r2 * Math.cos(theta);
            data[9 * f + 7] = r2 * Math.sin(theta);
        }
        return InternalCoordinateTransform.fit(zmatrix, manager.create(data, new Shape(frames, 9)), 5.0);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) (q * (sorted.length - 1))];
    }
}
