package org.boltzflow.flows.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input the generic readers and writers meet, refused with a message naming input and reason. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void emptyAndUnsupportedNpyFilesAreNamed() throws IOException {
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertMessage(() -> Npy.read(empty), "empty.npy", "empty file (0 bytes)");
        for (String[] dtype : new String[][] {{"<c16", "complex"}, {"|O", "Python objects"}, {"<U3", "strings"}}) {
            byte[] header = ("{'descr': '" + dtype[0] + "', 'fortran_order': False, 'shape': (2,), }\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] bytes = new byte[10 + header.length + 32];
            System.arraycopy(Npy.encode(new NpyArray(new double[1], new int[] {1})), 0, bytes, 0, 8);
            bytes[8] = (byte) header.length;
            System.arraycopy(header, 0, bytes, 10, header.length);
            assertMessage(() -> Npy.read(new ByteArrayInputStream(bytes), "x.npy"), "x.npy", dtype[1]);
        }
    }

    @Test
    void aShapeOverTheLimitIsRefusedBeforeAllocating() {
        byte[] header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 3), }\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[10 + header.length];
        System.arraycopy(Npy.encode(new NpyArray(new double[1], new int[] {1})), 0, bytes, 0, 8);
        bytes[8] = (byte) header.length;
        System.arraycopy(header, 0, bytes, 10, header.length);
        assertMessage(() -> Npy.read(new ByteArrayInputStream(bytes), "big.npy"), "big.npy", "the limit is");
    }

    @Test
    void jsonSettingsAreReadStrictly() throws IOException {
        JsonObject template = JsonFiles.parseObject("{\"seed\": 1, \"training\": {\"batch\": 32, \"rate\": 0.1}}",
                "template");
        template.getAsJsonObject().add("seed", new com.google.gson.JsonPrimitive(1L));
        template.getAsJsonObject("training").add("batch", new com.google.gson.JsonPrimitive(32));
        template.getAsJsonObject("training").add("rate", new com.google.gson.JsonPrimitive(0.1));
        assertMessage(() -> JsonFiles.parseObject("{\"seed\": 1,\n\"seed\": 2}", "dup.json"), "dup.json:2",
                "'seed' is given twice");
        assertMessage(() -> check(template, "{\"training\": {\"batch\": 32.5}}"), "c.json",
                "'training.batch' must be a whole number, found 32.5");
        assertMessage(() -> check(template, "{\"seed\": 12345678901234567890}"), "c.json",
                "'seed' must be a whole number from");
        assertMessage(() -> check(template, "{\"training\": {\"rate\": \"fast\"}}"), "c.json",
                "'training.rate' must be a number, found a string");
        assertMessage(() -> check(template, "{\"training\": 3}"), "c.json", "'training' must be an object");
        check(template, "{\"seed\": -5, \"training\": {\"batch\": 64.0, \"rate\": 1}}");
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertMessage(() -> JsonFiles.readObject(binary), "binary.json:1", "not UTF-8 text: byte 0xff at offset 1");
    }

    private static Object check(JsonObject template, String text) {
        JsonFiles.requireMatches(template, JsonFiles.parseObject(text, "c.json"), "c.json");
        return null;
    }

    @Test
    void atomicWritesRespectTheUmaskAndNameTheReason() throws IOException {
        Path written = dir.resolve("out.txt");
        AtomicFiles.writeString(written, "x");
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals(0, Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).count());

        FileSystemException underFile = assertThrows(FileSystemException.class,
                () -> AtomicFiles.writeString(written.resolve("sub/x.txt"), "x"));
        String text = FileErrors.describe(underFile);
        assertTrue(text.contains("out.txt") && (text.contains("not a directory") || text.contains("is a file")),
                text);
        FileSystemException onDirectory = assertThrows(FileSystemException.class,
                () -> AtomicFiles.writeString(dir, "x"));
        assertTrue(FileErrors.describe(onDirectory).contains("is a directory"), FileErrors.describe(onDirectory));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable read, String source, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, read);
        assertTrue(e.getMessage().contains(source) && e.getMessage().contains(reason), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
