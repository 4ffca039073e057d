package org.boltzflow.flows.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.distributions.GaussianMixture;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.distributions.ResampledGaussian;
import org.boltzflow.flows.distributions.VonMises;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.layers.Permutation;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.TwoMoons;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowIOTest {
    private static NDManager manager;
    private static NDArray points;
    private static NormalizingFlow trained;

    @BeforeAll
    static void engine() {
        Engines.init(2);
        manager = NDManager.newBaseManager();
        points = Rng.normal(manager, new Shape(64, 2), DataType.FLOAT64, 99L).mul(1.5);
        trained = trainedFlow();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A small RealNVP trained a few steps on two moons, so no parameter is at its initial value. */
    private static NormalizingFlow trainedFlow() {
        List<FlowLayer> layers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), new int[] {16, 16},
                    Activation.TANH, AffineCoupling.DEFAULT_SCALE_BOUND, DataType.FLOAT64, Rng.derive(1L, i)));
            layers.add(Permutation.swap(manager, 2));
        }
        NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 2, true, DataType.FLOAT64), layers);
        TwoMoons target = new TwoMoons();
        Trainer.builder(flow).learningRate(Tracker.fixed(1e-2f)).build()
                .fit((m, step, seed) -> flow.forwardKld(target.sample(m, 128, seed).x()), 0, 10, 3L, r -> {});
        return flow;
    }

    @Test
    void savedFlowLoadsBackWithIdenticalLogProbAndSamples(@TempDir Path dir) throws IOException {
        NormalizingFlow flow = trained;
        FlowIO.save(flow, dir, "model");
        NormalizingFlow loaded = FlowIO.load(dir, "model", manager, NormalizingFlow.class);
        assertArrayEquals(flow.logProb(points).toDoubleArray(), loaded.logProb(points).toDoubleArray(), 0.0);
        assertArrayEquals(flow.sample(manager, 20, 4L).x().toDoubleArray(),
                loaded.sample(manager, 20, 4L).x().toDoubleArray(), 0.0);
        assertEquals(flow.parameters().size(), loaded.parameters().size());
        assertTrue(loaded.parameters().stream().filter(Parameter::requiresGradient).count() > 0);
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains("\"sha256\"") && json.contains("AffineCoupling") && json.contains("FLOAT64"));
    }

    @Test
    void aFlowLoadsOnAFreshThreadAndItsTrainableParametersStillTrain(@TempDir Path dir) throws Exception {
        // a new thread records gradients by default, where PyTorch refuses in-place writes to trainable arrays
        FlowIO.save(trained, dir, "model");
        NormalizingFlow[] loaded = new NormalizingFlow[1];
        Throwable[] failure = new Throwable[1];
        Thread loader = new Thread(() -> {
            try {
                loaded[0] = FlowIO.load(dir, "model", manager, NormalizingFlow.class);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        loader.start();
        loader.join();
        assertEquals(null, failure[0], () -> String.valueOf(failure[0]));
        assertArrayEquals(trained.logProb(points).toDoubleArray(), loaded[0].logProb(points).toDoubleArray(), 0.0);
        List<Parameter> trainable = loaded[0].parameters().stream().filter(Parameter::requiresGradient).toList();
        assertTrue(!trainable.isEmpty() && trainable.stream().allMatch(p -> p.getArray().hasGradient()));
        double before = loaded[0].forwardKld(points).getDouble();
        Trainer.builder(loaded[0]).learningRate(Tracker.fixed(1e-2f)).build()
                .fit((m, step, seed) -> loaded[0].forwardKld(points), 0, 5, 3L, r -> {});
        assertTrue(loaded[0].forwardKld(points).getDouble() < before, "the loaded parameters train");
    }

    @Test
    void everyBaseRoundTrips(@TempDir Path dir) throws IOException {
        List<Distribution> bases = List.of(
                new VonMises(manager, new double[] {0.3, -1}, new double[] {2, 0.5}, true, DataType.FLOAT64),
                new GaussianMixture(manager, new double[][] {{1, 2}, {-1, 0}}, new double[][] {{0.5, 2}, {1, 1}},
                        true, DataType.FLOAT64),
                ProductDistribution.forDomains(manager, List.of(Domain.unbounded(3), Domain.bounded(-4, 4)),
                        DataType.FLOAT64),
                new ProductDistribution(List.of(new DiagonalGaussian(manager, 1, true, DataType.FLOAT64),
                        new VonMises(manager, 1, 3.0, false, DataType.FLOAT64))),
                new ResampledGaussian(manager, 2, new int[] {8}, 10, 64, DataType.FLOAT64, 5L),
                new TwoMoons());
        for (int i = 0; i < bases.size(); i++) {
            Distribution base = bases.get(i);
            FlowIO.save(base, dir, "base" + i);
            Distribution loaded = FlowIO.load(dir, "base" + i, manager, Distribution.class);
            assertEquals(base.getClass(), loaded.getClass());
            assertArrayEquals(base.logProb(points).toDoubleArray(), loaded.logProb(points).toDoubleArray(), 0.0,
                    base.toJson().toString());
        }
    }

    @Test
    void metadataIsKeptWithTheModelAndAbsentWhenNoneIsGiven(@TempDir Path dir) throws IOException {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("minTemperature", 300.5);
        metadata.addProperty("label", "cold");
        FlowIO.save(trained, dir, "annotated", metadata);
        assertEquals(metadata, FlowIO.metadata(dir, "annotated"));
        NormalizingFlow loaded = FlowIO.load(dir, "annotated", manager, NormalizingFlow.class);
        assertArrayEquals(trained.logProb(points).toDoubleArray(), loaded.logProb(points).toDoubleArray(), 0.0);
        FlowIO.save(trained, dir, "plain");
        assertEquals(new JsonObject(), FlowIO.metadata(dir, "plain"));
        assertTrue(!Files.readString(dir.resolve("plain.json")).contains("metadata"), "no empty metadata written");
        Path json = dir.resolve("annotated.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"metadata\": \\{[^}]*}", "\"metadata\": 3"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FlowIO.metadata(dir, "annotated"));
        assertTrue(e.getMessage().contains("annotated.json") && e.getMessage().contains("\"metadata\" must be an "
                + "object, got 3"), e.getMessage());
    }

    @Test
    void corruptedOrTruncatedParametersAreRefusedByChecksum(@TempDir Path dir) throws IOException {
        FlowIO.save(trained, dir, "model");
        Path params = dir.resolve("model.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(params, bytes);
        RuntimeException flipped = assertThrows(InvalidInputException.class,
                () -> FlowIO.load(dir, "model", manager, NormalizingFlow.class));
        assertTrue(flipped.getMessage().contains("model.params") && flipped.getMessage().contains("checksum"),
                flipped.getMessage());
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        RuntimeException truncated = assertThrows(InvalidInputException.class,
                () -> FlowIO.load(dir, "model", manager, NormalizingFlow.class));
        assertTrue(truncated.getMessage().contains("checksum"), truncated.getMessage());
        Files.delete(params);
        java.nio.file.NoSuchFileException missing = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> FlowIO.load(dir, "model", manager, NormalizingFlow.class));
        assertTrue(FileErrors.describe(missing).contains("model.params: no such file"), FileErrors.describe(missing));
    }

    @Test
    void mismatchedArchitectureNamesTheParameterAndShapes(@TempDir Path dir) throws IOException {
        FlowIO.save(trained, dir, "model");
        Path json = dir.resolve("model.json");
        String text = Files.readString(json, StandardCharsets.UTF_8);
        Files.writeString(json, text.replaceFirst("\"hiddenSizes\": \\[\\s*16,", "\"hiddenSizes\": [ 12,"));
        RuntimeException shape = assertThrows(InvalidInputException.class,
                () -> FlowIO.load(dir, "model", manager, NormalizingFlow.class));
        assertTrue(shape.getMessage().contains("model.json") && shape.getMessage().contains("shape (2, 16)")
                && shape.getMessage().contains("(2, 12) in the rebuilt model"), shape.getMessage());
        Files.writeString(json, text.replace("\"AffineCoupling\"", "\"NoSuchLayer\""));
        RuntimeException type = assertThrows(InvalidInputException.class,
                () -> FlowIO.load(dir, "model", manager, NormalizingFlow.class));
        assertTrue(type.getMessage().contains("unknown component type 'NoSuchLayer'"), type.getMessage());
        Files.writeString(json, text.substring(0, text.length() / 2));
        RuntimeException malformed = assertThrows(InvalidInputException.class,
                () -> FlowIO.load(dir, "model", manager, NormalizingFlow.class));
        assertTrue(malformed.getMessage().contains("malformed JSON"), malformed.getMessage());
    }
}
