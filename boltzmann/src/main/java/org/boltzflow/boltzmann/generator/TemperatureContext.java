package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The temperature range of a temperature-conditioned Boltzmann generator and the flow's context of a temperature:
 * one value, the inverse temperature scaled linearly onto [-1, 1] ({@code +1} at {@code minTemperature},
 * {@code -1} at {@code maxTemperature}). A temperature outside the range is refused, since the flow never saw it.
 * Reverse-divergence steps draw their temperature uniformly in 1/T over the range ({@link #drawn}). A saved
 * conditional generator keeps its range ({@link #toJson}, {@link #fromJson}).
 */
public record TemperatureContext(double minTemperature, double maxTemperature) {
    /** The length of the context vector: one value. */
    public static final int SIZE = 1;

    private static final double TOLERANCE = 1e-9;

    /** Checks that {@code 0 < minTemperature < maxTemperature}, both finite, in kelvin. */
    public TemperatureContext {
        if (!(minTemperature > 0) || !(maxTemperature > minTemperature) || Double.isInfinite(maxTemperature)) {
            throw new IllegalArgumentException("a temperature range needs 0 < min < max (finite, K), got "
                    + minTemperature + " to " + maxTemperature + " K");
        }
    }

    /** Whether {@code temperature} lies in the range (to a relative 1e-9). */
    public boolean contains(double temperature) {
        return temperature >= minTemperature * (1 - TOLERANCE) && temperature <= maxTemperature * (1 + TOLERANCE);
    }

    /** The context value of {@code temperature}; refuses one outside the range, naming it. */
    public double value(double temperature) {
        if (!contains(temperature)) {
            throw new IllegalArgumentException("temperature " + temperature + " K is outside the generator's "
                    + "temperature range " + this);
        }
        double lo = 1 / maxTemperature;
        double hi = 1 / minTemperature;
        return 2 * (1 / temperature - lo) / (hi - lo) - 1;
    }

    /** The context rows {@code (n, 1)} (float64) of {@code temperatures}, in {@code manager}. */
    public NDArray rows(NDManager manager, double[] temperatures) {
        double[] values = new double[temperatures.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(temperatures[i]);
        }
        return manager.create(values, new Shape(values.length, SIZE));
    }

    /** The range as {@code 300.0-600.0 K}. */
    @Override
    public String toString() {
        return minTemperature + "-" + maxTemperature + " K";
    }

    /** {@code {"type": "TemperatureContext", "minTemperature", "maxTemperature"}} (K). */
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("TemperatureContext");
        json.addProperty("minTemperature", minTemperature);
        json.addProperty("maxTemperature", maxTemperature);
        return json;
    }

    /** The range {@link #toJson} wrote; a missing or invalid bound is refused naming it. */
    public static TemperatureContext fromJson(JsonObject json) {
        return new TemperatureContext(ArchitectureJson.number(json, "minTemperature"),
                ArchitectureJson.number(json, "maxTemperature"));
    }

    /** The temperature at quantile {@code u} in [0, 1] of the distribution uniform in 1/T over the range. */
    public double drawn(double u) {
        double lo = 1 / maxTemperature;
        double hi = 1 / minTemperature;
        return 1 / (lo + u * (hi - lo));
    }
}
