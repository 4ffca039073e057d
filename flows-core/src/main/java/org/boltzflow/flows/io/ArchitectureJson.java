package org.boltzflow.flows.io;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.boltzflow.flows.Domain;

/**
 * The one reader and writer of architecture descriptions, the JSON every component's {@code toJson()} writes and
 * its {@code fromJson} reads. Readers fail on a missing or mistyped setting with an error naming the component
 * type and the key. The dtype convention: a component's {@code "dtype"} (a DJL {@link DataType} name) if it has
 * one, float64 if not; {@link FlowIO} writes the model's dtype into every component of a saved model.
 */
public final class ArchitectureJson {
    private ArchitectureJson() {}

    /** {@code {"type": type}}, to which a component adds its settings. */
    public static JsonObject header(String type) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        return json;
    }

    /** {@code {"type", "dim", "dtype"}}, the header of a layer on {@code dim} coordinates. */
    public static JsonObject header(String type, int dim, DataType dtype) {
        JsonObject json = header(type, dim);
        json.addProperty("dtype", dtype.name());
        return json;
    }

    /** {@code {"type", "dim"}}, the header of a component without parameters of its own. */
    public static JsonObject header(String type, int dim) {
        JsonObject json = header(type);
        json.addProperty("dim", dim);
        return json;
    }

    /** Integers as a JSON list. */
    public static JsonArray ints(int[] values) {
        JsonArray array = new JsonArray();
        for (int v : values) {
            array.add(v);
        }
        return array;
    }

    /** Numbers as a JSON list. */
    public static JsonArray doubles(double[] values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(v);
        }
        return array;
    }

    /** Booleans as a JSON list. */
    public static JsonArray booleans(boolean[] values) {
        JsonArray array = new JsonArray();
        for (boolean v : values) {
            array.add(v);
        }
        return array;
    }

    /** Per-coordinate domains as a list of {@code {"kind", "low", "high"}}. */
    public static JsonArray domains(List<Domain> domains) {
        JsonArray array = new JsonArray();
        for (Domain d : domains) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", d.kind().name());
            o.addProperty("low", d.low());
            o.addProperty("high", d.high());
            array.add(o);
        }
        return array;
    }

    /** The component's {@code "dtype"}, float64 if absent. */
    public static DataType dtype(JsonObject json) {
        if (!json.has("dtype")) {
            return DataType.FLOAT64;
        }
        return enumValue(json, "dtype", DataType.class);
    }

    /** The required integer setting {@code key}. */
    public static int integer(JsonObject json, String key) {
        return primitive(json, key).getAsInt();
    }

    /** The integer setting {@code key}, or {@code fallback} if absent. */
    public static int integer(JsonObject json, String key, int fallback) {
        return json.has(key) ? integer(json, key) : fallback;
    }

    /** The required number setting {@code key}. */
    public static double number(JsonObject json, String key) {
        return primitive(json, key).getAsDouble();
    }

    /** The required boolean setting {@code key}. */
    public static boolean bool(JsonObject json, String key) {
        return primitive(json, key).getAsBoolean();
    }

    /** The required string setting {@code key}. */
    public static String string(JsonObject json, String key) {
        return primitive(json, key).getAsString();
    }

    /** The required setting {@code key}, one of the constants of {@code type} by name. */
    public static <E extends Enum<E>> E enumValue(JsonObject json, String key, Class<E> type) {
        String name = string(json, key);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type(json) + ": unknown " + key + " '" + name + "'", e);
        }
    }

    /** The required list of integers {@code key}. */
    public static int[] integers(JsonObject json, String key) {
        JsonArray array = array(json, key);
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsInt();
        }
        return values;
    }

    /** The required list of numbers {@code key}. */
    public static double[] numbers(JsonObject json, String key) {
        JsonArray array = array(json, key);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }

    /** The required list of booleans {@code key}. */
    public static boolean[] booleans(JsonObject json, String key) {
        JsonArray array = array(json, key);
        boolean[] values = new boolean[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsBoolean();
        }
        return values;
    }

    /** The required list of domains {@code key} (see {@link #domains(List)}). */
    public static List<Domain> domains(JsonObject json, String key) {
        List<Domain> domains = new ArrayList<>();
        for (JsonElement e : array(json, key)) {
            JsonObject o = e.getAsJsonObject();
            domains.add(new Domain(enumValue(o, "kind", Domain.Kind.class), number(o, "low"), number(o, "high")));
        }
        return domains;
    }

    /** The required nested component {@code key}. */
    public static JsonObject object(JsonObject json, String key) {
        JsonElement e = required(json, key);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(type(json) + ": setting '" + key + "' must be an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    /** The required list setting {@code key}. */
    public static JsonArray array(JsonObject json, String key) {
        JsonElement e = required(json, key);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(type(json) + ": setting '" + key + "' must be a list, got " + e);
        }
        return e.getAsJsonArray();
    }

    private static JsonElement primitive(JsonObject json, String key) {
        JsonElement e = required(json, key);
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException(type(json) + ": setting '" + key + "' must be a value, got " + e);
        }
        return e;
    }

    private static JsonElement required(JsonObject json, String key) {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException(type(json) + " description lacks the setting '" + key + "': " + json);
        }
        return e;
    }

    private static String type(JsonObject json) {
        return json.has("type") ? json.get("type").getAsString() : "component";
    }

    /** Turns every single-precision type name in {@code element} (dtypes and casts) into double precision. */
    static void widen(JsonElement element) {
        if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(ArchitectureJson::widen);
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
                JsonElement value = entry.getValue();
                if (value.isJsonPrimitive() && DataType.FLOAT32.name().equals(value.getAsString())) {
                    entry.setValue(new JsonPrimitive(DataType.FLOAT64.name()));
                } else {
                    widen(value);
                }
            }
        }
    }

    /** Sets {@code "dtype"} on every component (object with a {@code "type"}) in the tree that lacks one. */
    static void fillDtype(JsonElement element, DataType dtype) {
        if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(e -> fillDtype(e, dtype));
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            if (object.has("type") && !object.has("dtype")) {
                object.addProperty("dtype", dtype.name());
            }
            object.entrySet().forEach(entry -> fillDtype(entry.getValue(), dtype));
        }
    }
}
