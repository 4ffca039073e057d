package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Eight equally weighted isotropic Gaussians with standard deviation {@code sigma}, centred on a circle of
 * {@code radius} at angles 2πk/8 (normflows' circular Gaussian mixture); normalized in closed form. The default
 * (radius 2, sigma 0.3) leaves the modes well separated, the classic test of mode coverage under reverse KL.
 */
public final class EightGaussians extends CircleTarget {
    /** The number of modes. */
    public static final int MODES = 8;

    /** Eight Gaussians of standard deviation {@code sigma} on a circle of {@code radius}. */
    public EightGaussians(double radius, double sigma, DataType dtype) {
        super(radius, sigma, dtype);
    }

    /** The default mixture (radius 2, sigma 0.3) in float64. */
    public EightGaussians() {
        this(2.0, 0.3, DataType.FLOAT64);
    }

    /** The centre of mode {@code k} (0..7). */
    public double[] center(int k) {
        double angle = 2.0 * Math.PI * k / MODES;
        return new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
    }

    /** Index of the nearest mode centre for each row of a row-major {@code (n, 2)} array. */
    public int[] nearestMode(double[] rows) {
        int[] modes = new int[rows.length / 2];
        for (int i = 0; i < modes.length; i++) {
            double angle = Math.atan2(rows[2 * i + 1], rows[2 * i]);
            modes[i] = Math.floorMod(Math.round(angle / (2.0 * Math.PI / MODES)), MODES);
        }
        return modes;
    }

    @Override
    protected NDArray unnormalizedLogProb(NDArray x) {
        double[] centres = new double[2 * MODES];
        for (int k = 0; k < MODES; k++) {
            System.arraycopy(center(k), 0, centres, 2 * k, 2);
        }
        NDArray mu = x.getManager().create(centres, new Shape(1, MODES, 2)).toType(x.getDataType(), false);
        NDArray squared = x.expandDims(1).sub(mu).square().sum(new int[] {2});
        return NDMath.logSumExp(NDMath.scale(squared, -0.5 / (sigma * sigma)), 1);
    }

    @Override
    public double logNormalizer() {
        return Math.log(MODES * 2.0 * Math.PI * sigma * sigma);
    }

    @Override
    protected double[] sampleRows(NDManager manager, int n, SplittableRandom random) {
        double[] rows = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double[] c = center(random.nextInt(MODES));
            double r = sigma * Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()));
            double theta = 2.0 * Math.PI * random.nextDouble();
            rows[2 * i] = c[0] + r * Math.cos(theta);
            rows[2 * i + 1] = c[1] + r * Math.sin(theta);
        }
        return rows;
    }

    @Override
    public String name() {
        return "EightGaussians";
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static EightGaussians fromJson(JsonObject json, NDManager manager) {
        return new EightGaussians(ArchitectureJson.number(json, "radius"), ArchitectureJson.number(json, "sigma"),
                ArchitectureJson.dtype(json));
    }
}
