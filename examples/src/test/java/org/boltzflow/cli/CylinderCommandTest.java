package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.io.FlowIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CylinderCommandTest {
    @Test
    void cylinderRunWritesBothViewsMetricsAndALoadableModel(@TempDir Path dir) throws Exception {
        assertEquals(0, BoltzflowCommand.execute("cylinder", "--steps", "20", "--threads", "1", "--out", dir.toString()));
        BufferedImage plane = ImageIO.read(dir.resolve("plane.png").toFile());
        BufferedImage surface = ImageIO.read(dir.resolve("cylinder.png").toFile());
        assertEquals(2 * (200 * 2 + 2), plane.getWidth());
        assertEquals(4 * (200 * 2 + 2), surface.getWidth());
        assertTrue(Files.size(dir.resolve("loss.png")) > 1000);
        JsonObject metrics = JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(20, metrics.get("steps").getAsInt());
        double kl = metrics.get("reverse_kl").getAsDouble();
        assertTrue(kl > 0 && kl < 0.5, "KL(q||p) after 20 steps: " + kl);
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowIO.load(dir, "model", manager, NormalizingFlow.class);
            assertEquals(8, flow.layers().size());
        }
    }

    @Test
    void nonPositiveStepsAreAClearError(@TempDir Path dir) {
        assertEquals(CliErrors.USAGE, BoltzflowCommand.execute("cylinder", "--steps", "0", "--out", dir.toString()));
    }
}
