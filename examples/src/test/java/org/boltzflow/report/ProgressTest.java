package org.boltzflow.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Progress}: a resumed bar counts on from the units already done. */
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
}
