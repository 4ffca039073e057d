package org.boltzflow.flows.splines;

import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;

/**
 * The architecture JSON shared by this package's layers: per-dimension domains (an array of
 * {@code {"kind", "low", "high"}}) and the settings of a spline with its conditioner.
 */
final class SplineJson {
    private static final Gson GSON = new Gson();

    private SplineJson() {}

    /** An array ({@code int[]}, {@code double[]}, {@code boolean[]}) as JSON. */
    static JsonElement array(Object values) {
        return GSON.toJsonTree(values);
    }

    /** The required array setting {@code key} as a Java array of {@code type} (e.g. {@code double[].class}). */
    static <T> T array(JsonObject json, String key, Class<T> type) {
        return GSON.fromJson(ArchitectureJson.array(json, key), type);
    }

    /** {@code {"type", "domains"}}, to which a layer adds its settings. */
    static JsonObject header(String type, List<Domain> domains) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        JsonArray array = new JsonArray();
        for (Domain d : domains) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", d.kind().name());
            o.addProperty("low", d.low());
            o.addProperty("high", d.high());
            array.add(o);
        }
        json.add("domains", array);
        return json;
    }

    /** Adds the spline settings and the conditioner's hidden sizes, activation and dtype. */
    static void addConditioner(JsonObject json, SplineSettings settings, int[] hidden, Activation activation,
            DataType dtype) {
        JsonObject spline = new JsonObject();
        spline.addProperty("bins", settings.bins());
        spline.addProperty("minBinWidth", settings.minBinWidth());
        spline.addProperty("minBinHeight", settings.minBinHeight());
        spline.addProperty("minDerivative", settings.minDerivative());
        json.add("spline", spline);
        json.add("hidden", array(hidden));
        json.addProperty("activation", activation.name());
        json.addProperty("dtype", dtype.name());
    }

    static List<Domain> domains(JsonObject json) {
        List<Domain> domains = new ArrayList<>();
        for (JsonElement e : ArchitectureJson.array(json, "domains")) {
            JsonObject o = e.getAsJsonObject();
            domains.add(new Domain(Domain.Kind.valueOf(o.get("kind").getAsString()), o.get("low").getAsDouble(),
                    o.get("high").getAsDouble()));
        }
        return domains;
    }

    static SplineSettings settings(JsonObject json) {
        JsonObject s = ArchitectureJson.object(json, "spline");
        return new SplineSettings(ArchitectureJson.integer(s, "bins"), ArchitectureJson.number(s, "minBinWidth"),
                ArchitectureJson.number(s, "minBinHeight"), ArchitectureJson.number(s, "minDerivative"));
    }

    static Activation activation(JsonObject json) {
        return Activation.valueOf(json.get("activation").getAsString());
    }
}
