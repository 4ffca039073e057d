package org.boltzflow.cli;

import org.boltzflow.report.RunDirectory;
import org.boltzflow.report.Metrics;
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
import org.boltzflow.flows.targets.TwoMoons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyCommandTest {
    @Test
    void toyRunWritesPlotsMetricsAndALoadableModel(@TempDir Path dir) throws Exception {
        int code = BoltzflowCommand.execute("toy", "--steps", "30", "--blocks", "2", "--hidden", "8", "--threads",
                "1", "--out", dir.toString());
        assertEquals(0, code);
        BufferedImage density = ImageIO.read(dir.resolve("density.png").toFile());
        assertEquals(2 * (160 * 3 + 3), density.getWidth());
        assertTrue(Files.size(dir.resolve("loss.png")) > 1000);
        JsonObject metrics = JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(30, metrics.get("steps").getAsInt());
        double nll = metrics.get("test_nll").getAsDouble();
        double entropy = metrics.get("target_entropy").getAsDouble();
        assertEquals(new TwoMoons().entropy(), entropy, 1e-12);
        assertTrue(nll > entropy && Double.isFinite(nll), "a flow cannot beat the target's entropy: " + nll);
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowIO.load(dir, "model", manager, NormalizingFlow.class);
            assertEquals(2, flow.layers().size());
        }
    }

    @Test
    void unknownTargetIsAClearError(@TempDir Path dir) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(CliErrors.BAD_INPUT, BoltzflowCommand.execute("toy", "--target", "three-moons", "--out",
                    dir.toString()));
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("boltzflow toy: bad input: --target must be one of"), text);
    }

    @Test
    void metricsKeepOrderAndWriteNonFiniteValuesAsNull(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.json");
        Metrics metrics = new Metrics().put("b", 1).put("a", Double.NaN).put("list", new double[] {1.5});
        metrics.write(file);
        String text = Files.readString(file);
        assertTrue(text.indexOf("\"b\"") < text.indexOf("\"a\"") && text.contains("\"a\": null")
                && !text.contains("NaN") && text.contains("1.5"), text);
        assertEquals(java.util.List.of("a"), metrics.undefined());
        RunDirectory run = RunDirectory.create(dir.resolve("nested/run"), "ignored");
        assertEquals(dir.resolve("nested/run"), run.root());
        assertEquals("x", Files.readString(run.writeString("f.txt", "x")));
    }
}
