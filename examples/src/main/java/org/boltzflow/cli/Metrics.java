package org.boltzflow.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * The numbers a run reports, kept in insertion order and written as pretty {@code metrics.json} (atomically).
 * Values are numbers, strings, booleans, or nested maps/lists; NaN and ±Infinity are written as JSON's
 * non-standard {@code NaN}/{@code Infinity} tokens rather than hidden, so a failed estimate shows as such.
 */
public final class Metrics {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Records {@code value} under {@code key} (replacing an earlier value) and returns this. */
    public Metrics put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** The recorded value of {@code key}, or null. */
    public Object get(String key) {
        return values.get(key);
    }

    /** The metrics as a JSON text. */
    public String toJson() {
        return GSON.toJson(values);
    }

    /** The metrics of a {@code metrics.json} written by {@link #write} (numbers come back as doubles). */
    @SuppressWarnings("unchecked")
    public static Metrics read(Path file) throws IOException {
        Metrics metrics = new Metrics();
        try {
            Map<String, Object> map = GSON.fromJson(Files.readString(file), Map.class);
            if (map == null) {
                throw new IOException(file + ": empty metrics file");
            }
            metrics.values.putAll(map);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a metrics JSON object: " + e.getMessage(), e);
        }
        return metrics;
    }

    /** Writes the metrics as JSON to {@code file}, atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson() + "\n");
    }
}
