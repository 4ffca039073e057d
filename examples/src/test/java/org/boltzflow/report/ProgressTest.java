package org.boltzflow.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Progress}: a resumed bar counts on from the units already done; off a terminal it writes plain lines. */
class ProgressTest {
    @Test
    void resumedBarCountsOnFromTheUnitsAlreadyDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = Progress.start("training", 30, 100, "steps",
                new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            progress.step("loss 1.0");
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("31/100"), shown);
    }

    @Test
    void offATerminalWritesAFewPlainLinesNotOnePerStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = Progress.start("training", 0, 500, "steps",
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            for (int i = 0; i < 500; i++) {
                progress.step("loss 1.0");
            }
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(shown.contains("\r"), shown);
        String[] lines = shown.strip().split("\n");
        // the first line when the bar starts, the last when it closes; none per step
        assertTrue(lines.length <= 3, shown);
        assertTrue(lines[lines.length - 1].contains("500/500") && lines[lines.length - 1].contains("loss 1.0"), shown);
    }
}
