package org.boltzflow.flows.layers;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Small helpers for the architecture JSON of layers: int and boolean arrays, dtype, required fields. */
final class Json {
    private Json() {}

    static JsonArray ints(int[] values) {
        JsonArray array = new JsonArray();
        for (int v : values) {
            array.add(v);
        }
        return array;
    }

    static JsonArray booleans(boolean[] values) {
        JsonArray array = new JsonArray();
        for (boolean v : values) {
            array.add(v);
        }
        return array;
    }

    static int[] toInts(JsonObject json, String key) {
        JsonArray array = required(json, key).getAsJsonArray();
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsInt();
        }
        return values;
    }

    static boolean[] toBooleans(JsonObject json, String key) {
        JsonArray array = required(json, key).getAsJsonArray();
        boolean[] values = new boolean[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsBoolean();
        }
        return values;
    }

    /** The value of {@code key}, or a clear error naming the missing key and the component. */
    static JsonElement required(JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("layer description " + json.get("type") + " lacks \"" + key + "\"");
        }
        return value;
    }

    static int integer(JsonObject json, String key) {
        return required(json, key).getAsInt();
    }

    static double number(JsonObject json, String key) {
        return required(json, key).getAsDouble();
    }

    static DataType dtype(JsonObject json) {
        return DataType.valueOf(required(json, "dtype").getAsString());
    }

    /** A JSON object with {@code "type"} and {@code "dim"} set, to which a layer adds its settings. */
    static JsonObject header(String type, int dim) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        json.addProperty("dim", dim);
        return json;
    }

    /** {@link #header(String, int)} plus the {@code "dtype"} of the layer's parameters. */
    static JsonObject header(String type, int dim, DataType dtype) {
        JsonObject json = header(type, dim);
        json.addProperty("dtype", dtype.name());
        return json;
    }
}
