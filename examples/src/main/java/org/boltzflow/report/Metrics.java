package org.boltzflow.report;

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
 * Values are numbers, strings, booleans, or nested maps/lists. JSON has no NaN or infinity: such a value is
 * written as {@code null}, and {@link #undefined()} lists those keys so that a report can say why.
 */
public final class Metrics {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
            .registerTypeAdapter(Double.class, new com.google.gson.TypeAdapter<Double>() {
                @Override
                public void write(com.google.gson.stream.JsonWriter out, Double value) throws IOException {
                    if (value == null || !Double.isFinite(value)) {
                        out.nullValue();
                    } else {
                        out.value(value);
                    }
                }

                @Override
                public Double read(com.google.gson.stream.JsonReader in) {
                    throw new UnsupportedOperationException("metrics are written, not read");
                }
            }).create();
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

    /** The keys whose value is a number that is not finite (NaN or infinite), written as null. */
    public java.util.List<String> undefined() {
        return values.entrySet().stream().filter(e -> e.getValue() instanceof Double d && !Double.isFinite(d))
                .map(Map.Entry::getKey).toList();
    }

    /** A metric value for a person: numbers to 4 significant digits, undefined ones as "n/a". */
    public static String format(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? String.format("%.4g", d) : "n/a";
        }
        return String.valueOf(value);
    }

    /** The metrics as a JSON text. */
    public String toJson() {
        return GSON.toJson(values);
    }

    /** The metrics of a {@code metrics.json} written by {@link #write} (numbers come back as doubles, null as null). */
    @SuppressWarnings("unchecked")
    public static Metrics read(Path file) throws IOException {
        Metrics metrics = new Metrics();
        try {
            Map<String, Object> map = new Gson().fromJson(Files.readString(file), Map.class);
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
