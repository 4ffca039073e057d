package org.boltzflow.flows.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON input files strictly: UTF-8 text within the size limit, standard JSON only, no key given twice in an
 * object (the last would silently win), and, against a template of the expected settings, every value of the type
 * its setting has: whole numbers where whole numbers are expected, within range. Errors name the file, the line
 * and the setting ({@code training.batch}).
 */
public final class JsonFiles {
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private JsonFiles() {}

    /** The JSON object in {@code file}. */
    public static JsonObject readObject(Path file) throws IOException {
        return parseObject(TextFiles.readUtf8(file), file.toString());
    }

    /** The JSON object in {@code text}; {@code source} names it in messages. */
    public static JsonObject parseObject(String text, String source) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement element = read(reader, "", source);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new InvalidInputException(source, line(reader), "text after the end of the JSON value");
            }
            if (!element.isJsonObject()) {
                throw new InvalidInputException(source, "not a JSON object (found " + kind(element) + ")");
            }
            return element.getAsJsonObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new InvalidInputException(source, line(reader), "malformed JSON: " + e.getMessage(), e);
        }
    }

    private static JsonElement read(JsonReader reader, String path, String source) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    if (object.has(key)) {
                        throw new InvalidInputException(source, line(reader), "setting '" + child
                                + "' is given twice");
                    }
                    object.add(key, read(reader, child, source));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                for (int i = 0; reader.hasNext(); i++) {
                    array.add(read(reader, path + "[" + i + "]", source));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new LazilyParsedNumber(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new InvalidInputException(source, line(reader), "unexpected " + reader.peek());
        }
    }

    /**
     * Checks every value of {@code given} against the setting of the same name in {@code template}: unknown
     * settings, objects where values are expected and the other way round, strings for numbers, fractions or
     * out-of-range numbers where the template holds an {@code int} or {@code long} are refused, naming the setting.
     * {@code null} is accepted where the template holds a string (an optional text setting left unset).
     */
    public static void requireMatches(JsonObject template, JsonObject given, String source) {
        check(template, given, "", source);
    }

    private static void check(JsonElement template, JsonElement given, String path, String source) {
        String name = path.isEmpty() ? "the file" : "setting '" + path + "'";
        if (given.isJsonNull() && template.isJsonPrimitive() && template.getAsJsonPrimitive().isString()) {
            return; // an optional text setting left unset; the reader of the settings decides whether it may be
        }
        if (template.isJsonObject()) {
            if (!given.isJsonObject()) {
                throw new InvalidInputException(source, name + " must be an object of settings, found "
                        + kind(given));
            }
            for (Map.Entry<String, JsonElement> entry : given.getAsJsonObject().entrySet()) {
                String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                JsonElement expected = template.getAsJsonObject().get(entry.getKey());
                if (expected == null) {
                    throw new InvalidInputException(source, "unknown setting '" + child + "'; known: "
                            + template.getAsJsonObject().keySet());
                }
                check(expected, entry.getValue(), child, source);
            }
        } else if (template.isJsonArray()) {
            if (!given.isJsonArray()) {
                throw new InvalidInputException(source, name + " must be a list, found " + kind(given));
            }
            JsonArray expected = template.getAsJsonArray();
            JsonArray values = given.getAsJsonArray();
            for (int i = 0; i < values.size() && !expected.isEmpty(); i++) {
                check(expected.get(0), values.get(i), path + "[" + i + "]", source);
            }
        } else if (template.isJsonPrimitive()) {
            JsonPrimitive expected = template.getAsJsonPrimitive();
            if (!given.isJsonPrimitive()) {
                throw new InvalidInputException(source, name + " must be " + kind(template) + ", found "
                        + kind(given));
            }
            JsonPrimitive value = given.getAsJsonPrimitive();
            if (expected.isNumber()) {
                requireNumber(expected.getAsNumber(), value, name, source);
            } else if (expected.isBoolean() != value.isBoolean() || expected.isString() != value.isString()) {
                throw new InvalidInputException(source, name + " must be " + kind(template) + ", found "
                        + kind(given) + " " + given);
            }
        }
    }

    private static void requireNumber(Number expected, JsonPrimitive value, String name, String source) {
        if (!value.isNumber()) {
            throw new InvalidInputException(source, name + " must be a number, found " + kind(value) + " " + value);
        }
        boolean whole = expected instanceof Integer || expected instanceof Long || expected instanceof Short
                || expected instanceof Byte;
        if (!whole) {
            return;
        }
        BigDecimal number = new BigDecimal(value.getAsString());
        long max = expected instanceof Integer ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long min = expected instanceof Integer ? Integer.MIN_VALUE : Long.MIN_VALUE;
        try {
            long exact = number.longValueExact();
            if (exact < min || exact > max) {
                throw new ArithmeticException();
            }
        } catch (ArithmeticException e) {
            boolean fraction = number.stripTrailingZeros().scale() > 0;
            throw new InvalidInputException(source, name + " must be a whole number" + (fraction ? "" : " from "
                    + min + " to " + max) + ", found " + value.getAsString());
        }
    }

    private static String kind(JsonElement e) {
        if (e.isJsonObject()) {
            return "an object";
        } else if (e.isJsonArray()) {
            return "a list";
        } else if (e.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isNumber() ? "a number" : p.isBoolean() ? "true or false" : "a string";
    }

    private static int line(JsonReader reader) {
        Matcher m = LINE.matcher(reader.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
