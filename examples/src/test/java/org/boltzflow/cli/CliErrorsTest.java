package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Each class of failure ends in one line naming the input and the reason, with its exit code. */
class CliErrorsTest {
    private static final Path PRMTOP = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide",
            "alanine-dipeptide.prmtop");

    @TempDir
    Path dir;

    @Test
    void optionsOutOfRangeAreUsageErrors() {
        assertFailure(CliErrors.USAGE, "'--dim': '-5' is out of range", "bench", "flows", "--dim", "-5");
        assertFailure(CliErrors.USAGE, "'--batch': '32.5' is not a whole number", "bench", "flows", "--batch",
                "32.5");
        assertFailure(CliErrors.USAGE, "'--temperature': 'NaN' is not a finite number", "md", "--prmtop",
                PRMTOP.toString(), "--steps", "10", "--temperature", "NaN", "--out", dir.resolve("t.dcd").toString());
        assertFailure(CliErrors.USAGE, "--save-every 100 is larger than --steps 10", "md", "--prmtop",
                PRMTOP.toString(), "--steps", "10", "--save-every", "100", "--out", dir.resolve("t.dcd").toString());
    }

    @Test
    void malformedInputsAreBadInput() throws IOException {
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertFailure(CliErrors.BAD_INPUT, "empty.npy: empty file (0 bytes)", "energy", "--prmtop",
                PRMTOP.toString(), "--coords", empty.toString(), "--out", dir.resolve("e.csv").toString());
        assertFailure(CliErrors.BAD_INPUT, "SMILES '': empty SMILES", "minimize", "--smiles", "", "--out",
                dir.resolve("m.sdf").toString());
        Path config = dir.resolve("dup.json");
        Files.writeString(config, "{\"preset\": \"tiny\",\n \"preset\": \"long\"}");
        assertFailure(CliErrors.BAD_INPUT, "dup.json:2: setting 'preset' is given twice", "train", "--config",
                config.toString(), "--out", dir.resolve("run").toString());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void fileSystemFailuresNameTheReason() throws IOException {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        assertFailure(CliErrors.IO, "not a directory", "md", "--prmtop", PRMTOP.toString(), "--steps", "4",
                "--save-every", "2", "--out", file.resolve("sub/t.dcd").toString());
        assertFailure(CliErrors.IO, "missing.pdb: no such file", "energy", "--prmtop", PRMTOP.toString(),
                "--coords", dir.resolve("missing.pdb").toString(), "--out", dir.resolve("e.csv").toString());
    }

    @Test
    void jvmErrorsAreOneLineWithExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Failing()).setErr(new PrintWriter(err, true));
        assertEquals(CliErrors.INTERNAL, new CliErrors().report(new OutOfMemoryError("Java heap space"), cmd));
        assertEquals(CliErrors.INTERNAL, new CliErrors().report(new StackOverflowError(), cmd));
        assertEquals(CliErrors.INTERNAL, new CliErrors().report(new NullPointerException("x is null"), cmd));
        String[] lines = err.toString().strip().split("\n");
        assertEquals(3, lines.length, err.toString());
        assertTrue(lines[0].startsWith("failing: out of memory (Java heap limit"), lines[0]);
        assertTrue(lines[1].contains("stack overflow"), lines[1]);
        assertTrue(lines[2].contains("internal error: java.lang.NullPointerException: x is null")
                && lines[2].contains("--debug"), lines[2]);
    }

    @Test
    void debugPrintsTheStackTrace() {
        String plain = assertFailure(CliErrors.USAGE, "'--dim'", "bench", "flows", "--dim", "-5");
        assertFalse(plain.contains("\tat "), plain);
        String debug = run(CliErrors.USAGE, "bench", "flows", "--dim", "-5", "--debug");
        assertTrue(debug.contains("\tat picocli."), debug);
    }

    @Command(name = "failing")
    static final class Failing {}

    private String assertFailure(int code, String expected, String... args) {
        String err = run(code, args);
        String[] lines = err.strip().split("\n");
        assertEquals(1, lines.length, "one line: " + err);
        assertTrue(lines[0].startsWith("boltzflow ") && lines[0].contains(expected), err);
        return err;
    }

    private static String run(int code, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(code, BoltzflowCommand.execute(args), () -> captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
