package org.boltzflow.flows.targets;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;

/**
 * A target laid out along a circle of {@code radius} with a Gaussian width {@code sigma} (the ring, the eight
 * Gaussians): holds and validates the two settings, gives the box they imply and writes them to the architecture
 * JSON.
 */
abstract class CircleTarget extends AnalyticTarget {
    protected final double radius;
    protected final double sigma;

    protected CircleTarget(double radius, double sigma, DataType dtype) {
        super(dtype);
        if (!(radius > 0 && sigma > 0) || Double.isInfinite(radius) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("radius and sigma must be positive and finite, got " + radius + ", "
                    + sigma);
        }
        this.radius = radius;
        this.sigma = sigma;
    }

    /** The square of half-width radius + 10 sigma, beyond which the density is below e^{-50} of its peak. */
    @Override
    public double[][] box() {
        double h = radius + 10 * sigma;
        return new double[][] {{-h, -h}, {h, h}};
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = super.toJson();
        json.addProperty("radius", radius);
        json.addProperty("sigma", sigma);
        return json;
    }
}
