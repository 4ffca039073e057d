package org.boltzflow.flows.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.InputLimits;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * The whole state of a training run in one file: every model parameter (trainable and fixed), the optimizer's
 * moments and update count, the skip counter, the next step to run and a caller's JSON (phase, seed, settings).
 * Written atomically with a SHA-256 trailer; a truncated, corrupted or mismatched file is refused with a message
 * naming it. Restoring it and continuing gives bit-identical parameters to a run that was never interrupted.
 */
public final class TrainingCheckpoint {
    private static final int MAGIC = 0x42464350; // "BFCP"
    private static final int VERSION = 2;
    /** Most dimensions an array in a checkpoint may have. */
    private static final int MAX_NDIM = 8;

    private final long nextStep;
    private final JsonObject extra;

    private TrainingCheckpoint(long nextStep, JsonObject extra) {
        this.nextStep = nextStep;
        this.extra = extra;
    }

    /** The first step the resumed run should make. */
    public long nextStep() {
        return nextStep;
    }

    /** The caller's JSON saved with the checkpoint. */
    public JsonObject extra() {
        return extra;
    }

    /** Writes the state of {@code trainer} (its model and optimizer) to {@code file}, atomically. */
    public static void save(Path file, Trainer trainer, long nextStep, JsonObject extra) throws IOException {
        NDList arrays = new NDList();
        trainer.model().parameters().forEach(p -> arrays.add(p.getArray()));
        arrays.addAll(trainer.optimizer().moments());
        JsonObject header = new JsonObject();
        header.addProperty("nextStep", nextStep);
        header.addProperty("updates", trainer.optimizer().updates());
        header.addProperty("skipped", trainer.skippedTotal());
        header.addProperty("parameters", trainer.model().parameters().size());
        header.add("extra", extra);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(header.toString());
            out.writeInt(arrays.size());
            for (NDArray array : arrays) {
                writeArray(out, array);
            }
        }
        byte[] content = body.toByteArray();
        byte[] digest = sha256(content);
        AtomicFiles.write(file, out -> {
            out.write(content);
            out.write(digest);
        });
    }

    /**
     * Reads {@code file} and restores it into {@code trainer}'s model parameters and optimizer; returns the step to
     * continue from and the saved JSON.
     */
    public static TrainingCheckpoint restore(Path file, Trainer trainer) throws IOException {
        byte[] all = InputLimits.readAllBytes(file);
        if (all.length < 40) {
            throw new InvalidInputException(file.toString(), "not a boltzflow checkpoint (only " + all.length
                    + " bytes)");
        }
        byte[] content = Arrays.copyOf(all, all.length - 32);
        if (!Arrays.equals(sha256(content), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new InvalidInputException(file.toString(),
                    "checkpoint is corrupted or truncated (SHA-256 checksum does not match)");
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            return restore(file, content, trainer, scratch);
        } catch (InvalidInputException e) {
            throw e;
        } catch (java.io.EOFException | java.io.UTFDataFormatException | RuntimeException e) {
            throw new InvalidInputException(file.toString(), 0, "corrupt checkpoint content (" + e + ")", e);
        }
    }

    private static TrainingCheckpoint restore(Path file, byte[] content, Trainer trainer, NDManager scratch)
            throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(content));
        if (in.readInt() != MAGIC) {
            throw new InvalidInputException(file.toString(), "not a boltzflow checkpoint (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new InvalidInputException(file.toString(), "checkpoint version " + version + ", this build reads "
                    + VERSION);
        }
        JsonObject header = JsonParser.parseString(in.readUTF()).getAsJsonObject();
        List<Parameter> parameters = trainer.model().parameters();
        NDList moments = trainer.optimizer().moments();
        int count = header.get("parameters").getAsInt();
        int arrays = in.readInt();
        if (count != parameters.size() || arrays != count + moments.size()) {
            throw new InvalidInputException(file.toString(), "checkpoint holds " + count + " parameters and "
                    + (arrays - count) + " optimizer arrays, the model has " + parameters.size() + " and "
                    + moments.size());
        }
        NDList restored = new NDList();
        for (int i = 0; i < arrays; i++) {
            NDArray target = i < count ? parameters.get(i).getArray() : moments.get(i - count);
            String what = i < count ? "parameter " + i + " (" + parameters.get(i).getName() + ")"
                    : "optimizer array " + (i - count);
            restored.add(readArray(in, target, scratch, file, what));
        }
        for (int i = 0; i < count; i++) {
            NDMath.assign(parameters.get(i).getArray(), restored.get(i));
        }
        trainer.optimizer().restore(new NDList(restored.subList(count, arrays)),
                header.get("updates").getAsLong());
        trainer.restoreCounters(header.get("skipped").getAsLong());
        return new TrainingCheckpoint(header.get("nextStep").getAsLong(), header.getAsJsonObject("extra"));
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        out.writeUTF(array.getDataType().name());
        long[] dims = array.getShape().getShape();
        out.writeInt(dims.length);
        for (long d : dims) {
            out.writeLong(d);
        }
        byte[] bytes = new byte[array.toByteBuffer().remaining()];
        array.toByteBuffer().get(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads one array, checking its dtype and shape against the model's {@code target} and its length against
     * both before allocating, so that no corrupt header reaches the engine.
     */
    private static NDArray readArray(DataInputStream in, NDArray target, NDManager scratch, Path file, String what)
            throws IOException {
        String dtypeName = in.readUTF();
        int ndim = in.readInt();
        if (ndim < 0 || ndim > MAX_NDIM) {
            throw new InvalidInputException(file.toString(), what + " has " + ndim + " dimensions");
        }
        long[] dims = new long[ndim];
        for (int d = 0; d < ndim; d++) {
            dims[d] = in.readLong();
        }
        String found = dtypeName.toLowerCase(java.util.Locale.ROOT) + java.util.Arrays.toString(dims)
                .replace('[', '(').replace(']', ')');
        if (!dtypeName.equals(target.getDataType().name()) || !Arrays.equals(dims, target.getShape().getShape())) {
            throw new InvalidInputException(file.toString(), what + " is " + found + " in the checkpoint but "
                    + target.getDataType() + target.getShape() + " in the model");
        }
        int length = in.readInt();
        long expected = target.size() * target.getDataType().getNumOfBytes();
        if (length != expected || length > in.available()) {
            throw new InvalidInputException(file.toString(), what + " holds " + length + " bytes, " + expected
                    + " expected (" + in.available() + " left in the file)");
        }
        ByteBuffer data = scratch.allocateDirect(length);
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        data.put(bytes).rewind();
        return scratch.create(data, target.getShape(), target.getDataType());
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
