package org.boltzflow.flows.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.io.InvalidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        Engines.init(2);
    }

    @Test
    void resumingFromACheckpointIsBitIdenticalToAnUninterruptedRun() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian straight = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            trainer(straight).fit(data(straight), 0, 30, 5L, r -> { });

            DiagonalGaussian first = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            Trainer firstTrainer = trainer(first);
            firstTrainer.fit(data(first), 0, 12, 5L, r -> { });
            JsonObject extra = new JsonObject();
            extra.addProperty("phase", "forward-kl");
            Path file = dir.resolve("checkpoint.bin");
            TrainingCheckpoint.save(file, firstTrainer, 12, extra);

            DiagonalGaussian resumed = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            Trainer resumedTrainer = trainer(resumed);
            TrainingCheckpoint checkpoint = TrainingCheckpoint.restore(file, resumedTrainer);
            assertEquals(12, checkpoint.nextStep());
            assertEquals("forward-kl", checkpoint.extra().get("phase").getAsString());
            resumedTrainer.fit(data(resumed), checkpoint.nextStep(), 18, 5L, r -> { });
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(straight.parameters().get(i).getArray().toDoubleArray(),
                        resumed.parameters().get(i).getArray().toDoubleArray());
            }
        }
    }

    @Test
    void corruptedTruncatedOrMismatchedCheckpointsAreRefusedByName() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian model = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            Trainer trainer = trainer(model);
            trainer.fit(data(model), 0, 2, 1L, r -> { });
            Path file = dir.resolve("ok.bin");
            TrainingCheckpoint.save(file, trainer, 2, new JsonObject());
            byte[] bytes = Files.readAllBytes(file);

            Path corrupted = dir.resolve("corrupted.bin");
            bytes[bytes.length / 2] ^= 1;
            Files.write(corrupted, bytes);
            RuntimeException e = assertThrows(InvalidInputException.class, () -> TrainingCheckpoint.restore(corrupted, trainer));
            assertTrue(e.getMessage().contains("corrupted.bin") && e.getMessage().contains("checksum"), e.getMessage());

            Path truncated = dir.resolve("truncated.bin");
            Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
            e = assertThrows(InvalidInputException.class, () -> TrainingCheckpoint.restore(truncated, trainer));
            assertTrue(e.getMessage().contains("truncated.bin"), e.getMessage());

            DiagonalGaussian other = new DiagonalGaussian(manager, 4, true, DataType.FLOAT64);
            e = assertThrows(InvalidInputException.class, () -> TrainingCheckpoint.restore(file, trainer(other)));
            assertTrue(e.getMessage().contains("ok.bin") && e.getMessage().contains("(1, 3)"), e.getMessage());
        }
    }

    private static Trainer trainer(DiagonalGaussian model) {
        return Trainer.builder(model).learningRate(Tracker.fixed(1e-2f)).build();
    }

    private static Objective data(DiagonalGaussian model) {
        return (m, step, seed) -> model.logProb(
                Rng.normal(m, new Shape(64, 3), DataType.FLOAT64, seed).mul(0.5).add(1.0)).mean().neg();
    }
}
