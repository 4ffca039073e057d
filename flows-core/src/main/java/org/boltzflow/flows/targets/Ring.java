package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * A ring: {@code p(x) ∝ exp(-(|x| - R)² / (2σ²))}, normalized in closed form,
 * {@code Z = 2π (σ² e^{-R²/2σ²} + R σ sqrt(2π) Φ(R/σ))}. Sampled exactly: a uniform angle and a radius by
 * inverting its CDF (closed form in Φ and exp) by bisection to 1e-13.
 */
public final class Ring extends CircleTarget {

    /** A ring of {@code radius} and radial width {@code sigma}. */
    public Ring(double radius, double sigma, DataType dtype) {
        super(radius, sigma, dtype);
    }

    /** The default ring (radius 2, sigma 0.2) in float64. */
    public Ring() {
        this(2.0, 0.2, DataType.FLOAT64);
    }

    @Override
    protected NDArray unnormalizedLogProb(NDArray x) {
        NDArray r = x.square().sum(new int[] {1}).sqrt();
        return NDMath.scale(r.sub(radius).square(), -0.5 / (sigma * sigma));
    }

    /** ∫₀^r t exp(-(t-R)²/2σ²) dt. */
    private double radialMass(double r) {
        double gauss = sigma * sigma * (Math.exp(-0.5 * radius * radius / (sigma * sigma))
                - Math.exp(-0.5 * (r - radius) * (r - radius) / (sigma * sigma)));
        return gauss + radius * sigma * Math.sqrt(2.0 * Math.PI) * (phi((r - radius) / sigma) - phi(-radius / sigma));
    }

    private static double phi(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2.0));
    }

    @Override
    public double logNormalizer() {
        return Math.log(2.0 * Math.PI * radialMass(Double.POSITIVE_INFINITY));
    }

    @Override
    protected double[] sampleRows(NDManager manager, int n, SplittableRandom random) {
        double total = radialMass(Double.POSITIVE_INFINITY);
        double[] rows = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double goal = random.nextDouble() * total;
            double lo = 0;
            double hi = radius + 40 * sigma;
            while (hi - lo > 1e-13 * hi) {
                double mid = 0.5 * (lo + hi);
                if (radialMass(mid) < goal) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double r = 0.5 * (lo + hi);
            double theta = 2.0 * Math.PI * random.nextDouble();
            rows[2 * i] = r * Math.cos(theta);
            rows[2 * i + 1] = r * Math.sin(theta);
        }
        return rows;
    }

    @Override
    public String name() {
        return "Ring";
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static Ring fromJson(JsonObject json, NDManager manager) {
        return new Ring(ArchitectureJson.number(json, "radius"), ArchitectureJson.number(json, "sigma"),
                ArchitectureJson.dtype(json));
    }
}
