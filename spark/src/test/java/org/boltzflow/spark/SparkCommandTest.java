package org.boltzflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options end in one line naming the option and exit code 1, before a Spark session starts. */
class SparkCommandTest {
    @TempDir
    Path dir;

    @Test
    void badOptionsAreOneLineBeforeAnyWork() {
        assertEquals("boltzflow-spark conformers: error: unknown preset 'huge'; expected tiny, fast, default or "
                + "thorough", fail("conformers", "--input", "lib.smi", "--out", dir.toString(), "--preset", "huge"));
        assertEquals("boltzflow-spark sample: error: " + dir + ": no config.json here; --model takes the folder of "
                + "a run", fail("sample", "--model", dir.toString(), "--out", dir.resolve("out").toString()));
    }

    private static String fail(String... args) {
        StringWriter err = new StringWriter();
        assertEquals(1, SparkCommand.run(args, new PrintWriter(err, true)));
        return err.toString().strip();
    }
}
