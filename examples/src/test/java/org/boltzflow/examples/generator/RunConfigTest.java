package org.boltzflow.examples.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.generator.TrainingPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder's config.json reads back as the config that wrote it, including settings left unset. */
class RunConfigTest {
    @TempDir
    Path dir;

    @Test
    void aConfigWithoutCvFileOrReferenceReadsBackAsWritten() throws IOException {
        JsonObject tree = RunConfig.preset("tiny").toTree();
        tree.addProperty("prmtop", "/data/my.prmtop");
        tree.addProperty("startCoordinates", "/data/my.pdb");
        tree.add("cvFile", JsonNull.INSTANCE);
        RunConfig written = RunConfig.preset("tiny").with(tree, "test");
        assertNull(written.cvFile());
        Path file = dir.resolve("config.json");
        Files.writeString(file, written.toJson());
        assertEquals(written, RunConfig.read(file));
    }

    @Test
    void anUnsetSolventIsRefusedByName() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"preset\": \"tiny\", \"solvent\": null}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("solvent must be"), e.getMessage());
    }

    @Test
    void aReplicaLadderThatDoesNotClimbIsRefusedByName() throws IOException {
        Path file = dir.resolve("cold.json");
        Files.writeString(file, "{\"preset\": \"tiny\", \"md\": {\"replicas\": 2, \"maxTemperature\": 250}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("cold.json") && e.getMessage().contains("md maxTemperature (250.0 K) must be "
                + "above the temperature (300.0 K)"), e.getMessage());
    }

    @Test
    void thePresetsPoolTheReplicasAndTrainByForwardKlAndPoolingIsReadAsABoolean() throws IOException {
        for (String preset : List.of("default", "long")) {
            assertTrue(RunConfig.preset(preset).md().pool(), preset);
            assertEquals(0, RunConfig.preset(preset).training().reverseSteps(), preset);
        }
        assertEquals("float32", RunConfig.preset("default").flow().precision());
        Path refined = dir.resolve("refined.json");
        Files.writeString(refined, "{\"ais\": {\"samples\": 1000}}");
        assertEquals(1000, RunConfig.read(refined).ais().samples(), "float32 blocks are refined as a float64 copy");
        Path file = dir.resolve("pool.json");
        Files.writeString(file, "{\"md\": {\"pool\": false}}");
        assertFalse(RunConfig.read(file).md().pool());
        Files.writeString(file, "{\"md\": {\"pool\": \"yes\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("pool.json") && e.getMessage().contains("pool"), e.getMessage());
    }

    @Test
    void fabStepsAfterForwardKlAddAFabPhaseThatAllowsRefinementAndNegativeCountsAreRefused() throws IOException {
        assertEquals(List.of(TrainingPhase.Objective.FORWARD_KL, TrainingPhase.Objective.WEIGHTED_FORWARD_KL,
                TrainingPhase.Objective.REVERSE),
                RunConfig.preset("default").plan().phases().stream().map(TrainingPhase::objective).toList());
        assertFalse(RunConfig.preset("default").trainsFab());
        Path file = dir.resolve("fab.json");
        Files.writeString(file, "{\"training\": {\"fabSteps\": 700}, \"fab\": {\"learningRate\": 0.0001}, "
                + "\"ais\": {\"samples\": 1000}}");
        RunConfig config = RunConfig.read(file);
        assertTrue(config.trainsFab());
        TrainingPhase fab = config.plan().phases().get(3);
        assertEquals(TrainingPhase.Objective.FAB, fab.objective());
        assertEquals(700, fab.steps());
        assertEquals(1e-4, fab.learningRate(), 0.0);
        assertEquals(256, fab.batch());
        Files.writeString(file, "{\"training\": {\"fabSteps\": -1}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("fab.json") && e.getMessage().contains("step counts >= 0"), e.getMessage());
        Files.writeString(file, "{\"training\": {\"weightedLearningRate\": 0}}");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("fab.json") && e.getMessage().contains("learning rates"), e.getMessage());
        Files.writeString(file, "{\"training\": {\"weightedForwardWeight\": -1}}");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("fab.json") && e.getMessage().contains("weightedForwardWeight"),
                e.getMessage());
        Files.writeString(file, "{\"training\": {\"boostSlope\": 1}}");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("fab.json") && e.getMessage().contains("boostSlope must be in [0, 1)"),
                e.getMessage());
        Files.writeString(file, "{\"training\": {\"boostAbove\": -2}}");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("fab.json") && e.getMessage().contains("boostAbove must be a finite"),
                e.getMessage());
    }

    @Test
    void anUnknownRefinementMethodIsRefusedByName() throws IOException {
        Path file = dir.resolve("refine.json");
        Files.writeString(file, "{\"preset\": \"tiny\", \"ais\": {\"method\": \"mcmc\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("refine.json") && e.getMessage().contains("ais method must be ais or smc, "
                + "got 'mcmc'"), e.getMessage());
        Files.writeString(file, "{\"preset\": \"tiny\", \"ais\": {\"kernel\": \"mala\"}}");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("refine.json") && e.getMessage().contains("ais kernel must be rwm or hmc, "
                + "got 'mala'"), e.getMessage());
        Files.writeString(file, "{\"preset\": \"tiny\", \"ais\": {\"kernel\": \"hmc\", \"leapfrogSteps\": 0}}");
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.read(file));
        assertTrue(e.getMessage().contains("ais leapfrogSteps must be >= 1, got 0"), e.getMessage());
    }
}
