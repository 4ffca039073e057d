package org.boltzflow.flows.io;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reading settings out of an architecture description, for {@link ComponentFactory}s: a missing or mistyped
 * setting gives an error naming the component type and the key. The dtype convention: a component's
 * {@code "dtype"} (a DJL {@link DataType} name) if it has one; {@link FlowIO} writes it into every component of a
 * saved model, so factories can rely on {@link #dtype}.
 */
public final class ArchitectureJson {
    private ArchitectureJson() {}

    /** The component's {@code "dtype"}, float64 if absent. */
    public static DataType dtype(JsonObject json) {
        if (!json.has("dtype")) {
            return DataType.FLOAT64;
        }
        String name = json.get("dtype").getAsString();
        try {
            return DataType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type(json) + ": unknown dtype '" + name + "'", e);
        }
    }

    /** The required integer setting {@code key}. */
    public static int integer(JsonObject json, String key) {
        return required(json, key).getAsInt();
    }

    /** The required number setting {@code key}. */
    public static double number(JsonObject json, String key) {
        return required(json, key).getAsDouble();
    }

    /** The required boolean setting {@code key}. */
    public static boolean bool(JsonObject json, String key) {
        return required(json, key).getAsBoolean();
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
