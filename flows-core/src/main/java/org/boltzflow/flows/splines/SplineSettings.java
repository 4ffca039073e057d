package org.boltzflow.flows.splines;

import com.google.gson.JsonObject;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Settings of a rational-quadratic spline: the number of bins and the smallest bin width, bin height (as fractions
 * of the interval) and knot derivative it may reach, so that no bin ever degenerates.
 */
public record SplineSettings(int bins, double minBinWidth, double minBinHeight, double minDerivative) {
    /** Checks the settings leave room for every bin. */
    public SplineSettings {
        if (bins < 2) {
            throw new IllegalArgumentException("a spline needs at least 2 bins, got " + bins);
        }
        if (!(minBinWidth > 0 && minBinWidth * bins < 1)) {
            throw new IllegalArgumentException("minBinWidth " + minBinWidth + " must be > 0 and < 1/bins");
        }
        if (!(minBinHeight > 0 && minBinHeight * bins < 1)) {
            throw new IllegalArgumentException("minBinHeight " + minBinHeight + " must be > 0 and < 1/bins");
        }
        if (!(minDerivative > 0 && minDerivative < 1)) {
            throw new IllegalArgumentException("minDerivative " + minDerivative + " must be in (0, 1)");
        }
    }

    /** {@code bins} bins with the usual minima of 1e-3. */
    public static SplineSettings of(int bins) {
        return new SplineSettings(bins, 1e-3, 1e-3, 1e-3);
    }

    /** Unnormalized numbers a conditioner gives per dimension: widths (K), heights (K), derivatives (K + 1). */
    public int parametersPerDimension() {
        return 3 * bins + 1;
    }

    /** {@code {"bins", "minBinWidth", "minBinHeight", "minDerivative"}}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("bins", bins);
        json.addProperty("minBinWidth", minBinWidth);
        json.addProperty("minBinHeight", minBinHeight);
        json.addProperty("minDerivative", minDerivative);
        return json;
    }

    /** The settings {@link #toJson()} wrote. */
    public static SplineSettings fromJson(JsonObject json) {
        return new SplineSettings(ArchitectureJson.integer(json, "bins"), ArchitectureJson.number(json, "minBinWidth"),
                ArchitectureJson.number(json, "minBinHeight"), ArchitectureJson.number(json, "minDerivative"));
    }
}
