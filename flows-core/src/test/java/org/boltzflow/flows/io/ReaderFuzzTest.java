package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.training.Trainer;
import org.boltzflow.flows.training.TrainingCheckpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated and mutated NPY arrays, JSON settings, model files and training checkpoints: every read gives a valid result or an
 * {@link InvalidInputException} naming the input (see {@link InputContract}).
 */
class ReaderFuzzTest {
    private static Path dir;
    private static byte[] npy;
    private static byte[] modelJson;
    private static NDManager manager;
    private static byte[] checkpoint;
    private static Trainer trainer;

    @BeforeAll
    static void files() throws IOException {
        Engines.init(1);
        dir = Files.createTempDirectory("reader-fuzz");
        double[] values = new double[2 * 4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25 - 2;
        }
        npy = Npy.encode(new NpyArray(values, new int[] {2, 4, 3}));
        manager = NDManager.newBaseManager();
        NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 4, false, DataType.FLOAT64),
                java.util.List.of(new AffineCoupling(manager, new boolean[] {true, false, true, false}, new int[] {8},
                        Activation.TANH, 2.0, DataType.FLOAT64, 3L)));
        FlowIO.save(flow, dir, "model");
        modelJson = Files.readAllBytes(dir.resolve("model.json"));
        trainer = Trainer.builder(new DiagonalGaussian(manager, 3, true, DataType.FLOAT64))
                .learningRate(Tracker.fixed(1e-2f)).build();
        TrainingCheckpoint.save(dir.resolve("checkpoint.bin"), trainer, 4, new JsonObject());
        checkpoint = Files.readAllBytes(dir.resolve("checkpoint.bin"));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void mutatedNpyArrays() throws Exception {
        InputContract.forSeeds(1L, 3000, seed -> {
            byte[] bytes = InputContract.mutate(npy, seed);
            InputContract.validOrRefused("fuzz.npy", "npy mutation seed " + seed,
                    () -> Npy.read(new ByteArrayInputStream(bytes), "fuzz.npy"));
        });
    }

    @Test
    void generatedNpyHeaders() {
        SplittableRandom random = new SplittableRandom(2L);
        for (int t = 0; t < 1000; t++) {
            generatedNpyHeader(DESCRS.get(random.nextInt(DESCRS.size())), random.nextInt(-2, 70001),
                    random.nextBoolean(), random.nextInt(0, 65));
        }
    }

    private static final List<String> DESCRS = List.of("<f8", ">f8", "<f4", "<i8", "<i4", "<c16", "|O", "<U3", "|b1",
            "<f2", "<u4", "|V8", "", "<f", "f8", "<M8[s]");

    private static void generatedNpyHeader(String descr, int rows, boolean fortran, int payload) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + rows + ", 3), }";
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[10 + header.length + payload];
        System.arraycopy(npy, 0, bytes, 0, 8);
        bytes[8] = (byte) header.length;
        bytes[9] = (byte) (header.length >> 8);
        System.arraycopy(header, 0, bytes, 10, header.length);
        InputContract.validOrRefused("gen.npy", dict, () -> Npy.read(new ByteArrayInputStream(bytes), "gen.npy"));
    }

    @Test
    void mutatedJsonSettings() throws Exception {
        String valid = "{\n  \"samples\": 100,\n  \"seed\": 7,\n  \"temperature\": 300.0,\n  \"md\": {\"chains\": 2, "
                + "\"timestep\": 0.001},\n  \"hidden\": [16, 16],\n  \"solvent\": \"obc1\"\n}\n";
        JsonObject template = JsonFiles.parseObject(valid, "template");
        InputContract.forSeeds(3L, 3000, seed -> {
            String text = InputContract.mutate(valid, seed);
            InputContract.validOrRefused("fuzz.json", text, () -> {
                JsonFiles.requireMatches(template, JsonFiles.parseObject(text, "fuzz.json"), "fuzz.json");
                return null;
            });
        });
    }

    @Test
    void mutatedModelDescriptions() throws Exception {
        InputContract.forSeeds(4L, 400, ReaderFuzzTest::mutatedModelDescription);
    }

    private static void mutatedModelDescription(long seed) throws IOException {
        Path sub = Files.createTempDirectory(dir, "m");
        Files.copy(dir.resolve("model.params"), sub.resolve("model.params"));
        byte[] bytes = seed % 2 == 0 ? InputContract.mutate(modelJson, seed)
                : InputContract.mutate(new String(modelJson, StandardCharsets.UTF_8), seed)
                        .getBytes(StandardCharsets.UTF_8);
        Files.write(sub.resolve("model.json"), bytes);
        InputContract.validOrRefused(sub.resolve("model").toString(), "model.json mutation seed " + seed, () -> {
            try (NDManager scratch = manager.newSubManager()) {
                return FlowIO.load(sub, "model", scratch, NormalizingFlow.class);
            }
        });
    }

    /** A description naming another parameter file than its own (a mutation once found this). */
    @Test
    void aDescriptionNamingAnotherParameterFileIsRefused() throws Exception {
        for (String name : new String[] {"model.}arams", "../model.params", "", "sub/model.params"}) {
            Path sub = Files.createTempDirectory(dir, "p");
            Files.copy(dir.resolve("model.params"), sub.resolve("model.params"));
            Files.writeString(sub.resolve("model.json"), new String(modelJson, StandardCharsets.UTF_8)
                    .replace("\"paramsFile\": \"model.params\"", "\"paramsFile\": \"" + name + "\""));
            InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                    () -> FlowIO.load(sub, "model", manager, NormalizingFlow.class), name);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("paramsFile"), e.getMessage());
        }
    }

    /** Mutated checkpoints, half of them with a recomputed checksum so that the content parser is reached. */
    @Test
    void mutatedCheckpoints() throws Exception {
        InputContract.forSeeds(5L, 600, ReaderFuzzTest::mutatedCheckpoint);
    }

    private static void mutatedCheckpoint(long seed) throws Exception {
        byte[] content = InputContract.mutate(java.util.Arrays.copyOf(checkpoint, checkpoint.length - 32), seed);
        byte[] bytes;
        if (seed % 2 == 0) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(content);
            bytes = java.util.Arrays.copyOf(content, content.length + 32);
            System.arraycopy(digest, 0, bytes, content.length, 32);
        } else {
            bytes = InputContract.mutate(checkpoint, seed);
        }
        Path file = Files.createTempFile(dir, "checkpoint", ".bin");
        Files.write(file, bytes);
        InputContract.validOrRefused(file.toString(), "checkpoint mutation seed " + seed,
                () -> TrainingCheckpoint.restore(file, trainer));
        Files.delete(file);
    }
}
