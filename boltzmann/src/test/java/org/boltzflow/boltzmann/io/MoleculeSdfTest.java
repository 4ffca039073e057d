package org.boltzflow.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.flows.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDF records through CDK: titles, nm coordinates, round trip, and refusal of broken files. */
class MoleculeSdfTest {
    static final Path SDF = Path.of(System.getProperty("boltzflow.data", "../data"), "mmff", "reference.sdf");

    @TempDir
    Path dir;

    @Test
    void readsTitlesAndCoordinatesAndWritesThemBack() throws IOException {
        List<MoleculeSdf.Record> records = MoleculeSdf.read(SDF);
        assertEquals(444, records.size());
        assertEquals("ethane", records.get(0).name());
        double[] x = MoleculeSdf.coordinatesNm(records.get(0).molecule());
        assertEquals(0.07591, x[0], 1e-12);
        Path out = dir.resolve("copy.sdf");
        MoleculeSdf.write(out, List.of(records.get(0).molecule(), records.get(3).molecule()));
        List<MoleculeSdf.Record> back = MoleculeSdf.read(out);
        assertEquals(List.of("ethane", "butane"), List.of(back.get(0).name(), back.get(1).name()));
        assertArrayEquals(x, MoleculeSdf.coordinatesNm(back.get(0).molecule()), 1e-12);
    }

    @Test
    void brokenOrEmptyFilesAreRefusedWithTheirName() throws IOException {
        Path broken = dir.resolve("broken.sdf");
        Files.writeString(broken, "not a molecule\n\n\n  x  y  z\nM  END\n$$$$\n");
        RuntimeException e = assertThrows(InvalidInputException.class, () -> MoleculeSdf.read(broken));
        assertTrue(e.getMessage().contains("broken.sdf"), e.getMessage());
        List<String> good = Files.readAllLines(SDF).subList(0, 30);
        Path mixed = dir.resolve("mixed.sdf");
        Files.writeString(mixed, String.join("\n", good) + "\nnot a molecule\n\n\n  x  y  z\nM  END\n$$$$\n");
        e = assertThrows(InvalidInputException.class, () -> MoleculeSdf.read(mixed));
        assertTrue(e.getMessage().contains("mixed.sdf") && e.getMessage().contains("record 1"), e.getMessage());
    }
}
