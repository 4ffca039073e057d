package org.boltzflow.flows.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NDMath;

/**
 * Saves and loads models (a {@link org.boltzflow.flows.NormalizingFlow} or any {@link Distribution}) as two files
 * in a folder: {@code name.json} (the architecture from {@code toJson()}, dtype, each parameter's name and shape,
 * and the SHA-256 of the parameter file) and {@code name.params} (the parameters in {@code parameters()} order, as
 * an NPZ archive NumPy can read). Both are written atomically. Loading rebuilds the model through the
 * {@link ComponentRegistry} and fills in the parameters; a missing, corrupted or mismatched file fails with an
 * {@link InvalidInputException} naming the file and what differs ({@link IOException} when a file cannot be read).
 * A caller may keep its own settings with the model (for instance the temperature range a conditional model was
 * trained over) in the description's {@code "metadata"} object ({@link #save(Distribution, Path, String,
 * JsonObject)}, {@link #metadata}).
 */
public final class FlowIO {
    private static final String FORMAT = "boltzflow-model";
    private static final int VERSION = 1;
    /** The largest size (a dimension, a width, a count) a model description may give. */
    private static final long MAX_SIZE = 1 << 20;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private FlowIO() {}

    /** Writes {@code model} as {@code dir/name.json} and {@code dir/name.params}. */
    public static void save(Distribution model, Path dir, String name) throws IOException {
        save(model, dir, name, new JsonObject());
    }

    /**
     * Writes {@code model} as {@code dir/name.json} and {@code dir/name.params}, with {@code metadata} (written
     * only when not empty) in the description.
     */
    public static void save(Distribution model, Path dir, String name, JsonObject metadata) throws IOException {
        List<Parameter> parameters = model.parameters();
        DataType dtype = dtypeOf(parameters);
        JsonObject architecture = architecture(model, dtype);
        byte[] params;
        JsonArray described = new JsonArray();
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList list = new NDList();
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                NDArray copy = scratch.create(p.getArray().toByteBuffer(), p.getArray().getShape(),
                        p.getArray().getDataType());
                copy.setName(String.format("%04d_%s", i, p.getName()));
                list.add(copy);
                JsonObject entry = new JsonObject();
                entry.addProperty("name", p.getName());
                entry.add("shape", GSON.toJsonTree(p.getArray().getShape().getShape()));
                entry.addProperty("dtype", p.getArray().getDataType().name());
                described.add(entry);
            }
            params = list.encode(NDList.Encoding.NPZ);
        }
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("version", VERSION);
        json.addProperty("dtype", dtype.name());
        json.add("architecture", architecture);
        json.add("parameters", described);
        json.addProperty("paramsFile", name + ".params");
        json.addProperty("sha256", sha256(params));
        if (!metadata.isEmpty()) {
            json.add("metadata", metadata.deepCopy());
        }
        AtomicFiles.write(dir.resolve(name + ".params"), out -> out.write(params));
        AtomicFiles.writeString(dir.resolve(name + ".json"), GSON.toJson(json) + "\n");
    }

    /**
     * A double-precision copy of {@code model} in {@code manager}: the same architecture with every single-precision
     * array, parameter and cast in float64, the parameters widened exactly. For computations whose arithmetic a
     * float32 model does not carry (e.g. annealed chains that walk into the tails).
     */
    public static <T extends Distribution> T widened(T model, NDManager manager, Class<T> kind) {
        List<Parameter> parameters = model.parameters();
        JsonObject architecture = architecture(model, dtypeOf(parameters));
        ArchitectureJson.widen(architecture);
        T copy = ComponentRegistry.load().create(architecture, manager, kind);
        List<Parameter> wide = copy.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            NDMath.assign(wide.get(i).getArray(), parameters.get(i).getArray());
        }
        return copy;
    }

    /** The model's dtype as saved: its first parameter's (float64 without parameters). */
    private static DataType dtypeOf(List<Parameter> parameters) {
        return parameters.isEmpty() ? DataType.FLOAT64 : parameters.get(0).getArray().getDataType();
    }

    /** The model's architecture description, every component without a dtype of its own marked {@code dtype}. */
    private static JsonObject architecture(Distribution model, DataType dtype) {
        JsonObject architecture = model.toJson();
        ArchitectureJson.fillDtype(architecture, dtype);
        return architecture;
    }

    /** Loads the model saved as {@code dir/name.*}, with its arrays in {@code manager}, checked to be a {@code kind}. */
    public static <T extends Distribution> T load(Path dir, String name, NDManager manager, Class<T> kind)
            throws IOException {
        Path jsonFile = dir.resolve(name + ".json");
        JsonObject json = readJson(jsonFile);
        if (!FORMAT.equals(string(json, "format", jsonFile))
                || !String.valueOf(VERSION).equals(string(json, "version", jsonFile))) {
            throw new InvalidInputException(jsonFile.toString(), "not a " + FORMAT + " version " + VERSION
                    + " description");
        }
        if (!json.has("architecture") || !json.get("architecture").isJsonObject() || !json.has("parameters")
                || !json.get("parameters").isJsonArray()) {
            throw new InvalidInputException(jsonFile.toString(),
                    "missing \"architecture\" object or \"parameters\" list");
        }
        Path paramsFile = paramsFile(dir, name, string(json, "paramsFile", jsonFile), jsonFile);
        byte[] params = readBytes(paramsFile);
        String expected = string(json, "sha256", jsonFile);
        String actual = sha256(params);
        if (!expected.equals(actual)) {
            throw new InvalidInputException(paramsFile.toString(), "checksum mismatch (corrupted, truncated or not "
                    + "the file " + jsonFile.getFileName() + " describes): expected sha256 " + expected + ", found "
                    + actual);
        }
        requireSizesWithinLimit(json.get("architecture"), jsonFile, "architecture");
        T model;
        try {
            model = ComponentRegistry.load().create(json.getAsJsonObject("architecture"), manager, kind);
        } catch (RuntimeException e) {
            throw new InvalidInputException(jsonFile.toString(), 0, "cannot rebuild the model: " + e.getMessage(), e);
        }
        try {
            fill(model.parameters(), json.getAsJsonArray("parameters"), params, paramsFile, jsonFile);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException(jsonFile.toString(), 0, "malformed parameter list: " + e, e);
        }
        return model;
    }

    /**
     * The {@code "metadata"} object saved with the model {@code dir/name.*}, empty if it has none; anything but an
     * object there is refused naming the file.
     */
    public static JsonObject metadata(Path dir, String name) throws IOException {
        Path jsonFile = dir.resolve(name + ".json");
        JsonElement metadata = readJson(jsonFile).get("metadata");
        if (metadata == null) {
            return new JsonObject();
        }
        if (!metadata.isJsonObject()) {
            throw new InvalidInputException(jsonFile.toString(), "\"metadata\" must be an object, got " + metadata);
        }
        return metadata.getAsJsonObject();
    }

    /**
     * The parameter file the description names: {@code name.params} beside it, as {@link #save} writes it (a missing
     * file stays an {@link IOException}); any other name is refused naming the description.
     */
    private static Path paramsFile(Path dir, String name, String given, Path jsonFile) {
        if (!given.equals(name + ".params")) {
            throw new InvalidInputException(jsonFile.toString(), "\"paramsFile\" is '" + given + "', expected '"
                    + name + ".params'");
        }
        return dir.resolve(given);
    }

    private static void fill(List<Parameter> parameters, JsonArray described, byte[] params, Path paramsFile,
            Path jsonFile) throws IOException {
        if (described.size() != parameters.size()) {
            throw new InvalidInputException(jsonFile.toString(), "lists " + described.size() + " parameters, the rebuilt model has "
                    + parameters.size());
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList saved;
            try {
                saved = NDList.decode(scratch, params);
            } catch (RuntimeException e) {
                throw new InvalidInputException(paramsFile.toString(), 0, "cannot decode the parameter archive: " + e.getMessage(), e);
            }
            if (saved.size() != parameters.size()) {
                throw new InvalidInputException(paramsFile.toString(), "holds " + saved.size() + " arrays, " + jsonFile.getFileName()
                        + " lists " + parameters.size());
            }
            for (int i = 0; i < parameters.size(); i++) {
                NDArray target = parameters.get(i).getArray();
                NDArray source = saved.get(i);
                JsonObject entry = described.get(i).getAsJsonObject();
                String what = "parameter " + i + " '" + entry.get("name").getAsString() + "'";
                Shape describedShape = new Shape(GSON.fromJson(entry.get("shape"), long[].class));
                if (!entry.get("name").getAsString().equals(parameters.get(i).getName())) {
                    throw new InvalidInputException(jsonFile.toString(), what + " is named '" + parameters.get(i).getName()
                            + "' in the rebuilt model");
                }
                if (!describedShape.equals(target.getShape()) || !source.getShape().equals(target.getShape())) {
                    throw new InvalidInputException(jsonFile.toString(), what + " has shape " + describedShape + " in the file ("
                            + source.getShape() + " in " + paramsFile.getFileName() + "), " + target.getShape()
                            + " in the rebuilt model");
                }
                if (source.getDataType() != target.getDataType()) {
                    throw new InvalidInputException(paramsFile.toString(), what + " is " + source.getDataType()
                            + ", the rebuilt model expects " + target.getDataType());
                }
                NDMath.assign(target, source);
            }
        }
    }

    private static JsonObject readJson(Path file) throws IOException {
        return JsonFiles.readObject(file);
    }

    /** Refuses sizes (integers as written) above {@link #MAX_SIZE} anywhere in an architecture description. */
    private static void requireSizesWithinLimit(JsonElement element, Path file, String path) {
        if (element.isJsonObject()) {
            element.getAsJsonObject().entrySet().forEach(e -> requireSizesWithinLimit(e.getValue(), file,
                    path + "." + e.getKey()));
        } else if (element.isJsonArray()) {
            for (int i = 0; i < element.getAsJsonArray().size(); i++) {
                requireSizesWithinLimit(element.getAsJsonArray().get(i), file, path + "[" + i + "]");
            }
        } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
            String text = element.getAsString();
            if (text.matches("-?\\d+") && (text.length() > 9 || Math.abs(Long.parseLong(text)) > MAX_SIZE)) {
                throw new InvalidInputException(file.toString(), path + " = " + text + " is over the limit of "
                        + MAX_SIZE + " for sizes in a model description");
            }
        }
    }

    private static byte[] readBytes(Path file) throws IOException {
        return InputLimits.readAllBytes(file);
    }

    private static String string(JsonObject json, String key, Path file) throws IOException {
        JsonElement e = json.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new InvalidInputException(file.toString(), "missing \"" + key + "\"");
        }
        return e.getAsString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
