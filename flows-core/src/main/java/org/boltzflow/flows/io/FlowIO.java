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
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.boltzflow.flows.Distribution;

/**
 * Saves and loads models (a {@link org.boltzflow.flows.NormalizingFlow} or any {@link Distribution}) as two files
 * in a folder: {@code name.json} (the architecture from {@code toJson()}, dtype, each parameter's name and shape,
 * and the SHA-256 of the parameter file) and {@code name.params} (the parameters in {@code parameters()} order, as
 * an NPZ archive NumPy can read). Both are written atomically. Loading rebuilds the model through the
 * {@link ComponentRegistry} and fills in the parameters; a missing, corrupted or mismatched file fails with an
 * {@link IOException} naming the file and what differs.
 */
public final class FlowIO {
    private static final String FORMAT = "boltzflow-model";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private FlowIO() {}

    /** Writes {@code model} as {@code dir/name.json} and {@code dir/name.params}. */
    public static void save(Distribution model, Path dir, String name) throws IOException {
        List<Parameter> parameters = model.parameters();
        DataType dtype = parameters.isEmpty() ? DataType.FLOAT64 : parameters.get(0).getArray().getDataType();
        JsonObject architecture = model.toJson();
        ArchitectureJson.fillDtype(architecture, dtype);
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
        AtomicFiles.write(dir.resolve(name + ".params"), out -> out.write(params));
        AtomicFiles.writeString(dir.resolve(name + ".json"), GSON.toJson(json) + "\n");
    }

    /** Loads the model saved as {@code dir/name.*}, with its arrays in {@code manager}, checked to be a {@code kind}. */
    public static <T extends Distribution> T load(Path dir, String name, NDManager manager, Class<T> kind)
            throws IOException {
        Path jsonFile = dir.resolve(name + ".json");
        JsonObject json = readJson(jsonFile);
        if (!FORMAT.equals(string(json, "format", jsonFile)) || json.get("version").getAsInt() != VERSION) {
            throw new IOException(jsonFile + ": not a " + FORMAT + " version " + VERSION + " description");
        }
        Path paramsFile = dir.resolve(string(json, "paramsFile", jsonFile));
        byte[] params = readBytes(paramsFile);
        String expected = string(json, "sha256", jsonFile);
        String actual = sha256(params);
        if (!expected.equals(actual)) {
            throw new IOException(paramsFile + ": checksum mismatch (corrupted, truncated or not the file " + jsonFile
                    .getFileName() + " describes): expected sha256 " + expected + ", found " + actual);
        }
        T model;
        try {
            model = ComponentRegistry.load().create(json.getAsJsonObject("architecture"), manager, kind);
        } catch (RuntimeException e) {
            throw new IOException(jsonFile + ": cannot rebuild the model: " + e.getMessage(), e);
        }
        fill(model.parameters(), json.getAsJsonArray("parameters"), params, paramsFile, jsonFile);
        return model;
    }

    private static void fill(List<Parameter> parameters, JsonArray described, byte[] params, Path paramsFile,
            Path jsonFile) throws IOException {
        if (described.size() != parameters.size()) {
            throw new IOException(jsonFile + ": lists " + described.size() + " parameters, the rebuilt model has "
                    + parameters.size());
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList saved;
            try {
                saved = NDList.decode(scratch, params);
            } catch (RuntimeException e) {
                throw new IOException(paramsFile + ": cannot decode the parameter archive: " + e.getMessage(), e);
            }
            if (saved.size() != parameters.size()) {
                throw new IOException(paramsFile + ": holds " + saved.size() + " arrays, " + jsonFile.getFileName()
                        + " lists " + parameters.size());
            }
            for (int i = 0; i < parameters.size(); i++) {
                NDArray target = parameters.get(i).getArray();
                NDArray source = saved.get(i);
                JsonObject entry = described.get(i).getAsJsonObject();
                String what = "parameter " + i + " '" + entry.get("name").getAsString() + "'";
                Shape describedShape = new Shape(GSON.fromJson(entry.get("shape"), long[].class));
                if (!entry.get("name").getAsString().equals(parameters.get(i).getName())) {
                    throw new IOException(jsonFile + ": " + what + " is named '" + parameters.get(i).getName()
                            + "' in the rebuilt model");
                }
                if (!describedShape.equals(target.getShape()) || !source.getShape().equals(target.getShape())) {
                    throw new IOException(jsonFile + ": " + what + " has shape " + describedShape + " in the file ("
                            + source.getShape() + " in " + paramsFile.getFileName() + "), " + target.getShape()
                            + " in the rebuilt model");
                }
                if (source.getDataType() != target.getDataType()) {
                    throw new IOException(paramsFile + ": " + what + " is " + source.getDataType()
                            + ", the rebuilt model expects " + target.getDataType());
                }
                target.set(source.toByteBuffer());
            }
        }
    }

    private static JsonObject readJson(Path file) throws IOException {
        String text = new String(readBytes(file), StandardCharsets.UTF_8);
        try {
            JsonElement element = JsonParser.parseString(text);
            if (!element.isJsonObject()) {
                throw new IOException(file + ": not a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": malformed JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
    }

    private static String string(JsonObject json, String key, Path file) throws IOException {
        JsonElement e = json.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IOException(file + ": missing \"" + key + "\"");
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
