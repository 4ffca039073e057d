package org.boltzflow.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same seeds give the same numbers with one engine thread and with two: {@link DeterminismProbe} runs in two
 * fresh JVMs (the thread count is fixed when the engine starts) and their outputs must be identical, bit for bit:
 * samples, log-densities, and a RealNVP after five training steps.
 */
class ThreadCountDeterminismTest {
    private static List<String> probe(int threads) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), DeterminismProbe.class.getName(), Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, process.exitValue(), "probe with " + threads + " threads failed: " + out);
        return out.lines().toList();
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalNumbers() throws Exception {
        List<String> one = probe(1);
        List<String> two = probe(2);
        assertEquals(6, one.size(), String.join("\n", one));
        assertEquals("threads 1", one.get(0));
        assertEquals("threads 2", two.get(0));
        for (int i = 1; i < one.size(); i++) {
            assertEquals(one.get(i), two.get(i), "line " + i + " differs between 1 and 2 threads");
        }
    }
}
