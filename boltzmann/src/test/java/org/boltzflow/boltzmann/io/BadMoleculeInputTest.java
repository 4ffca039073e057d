package org.boltzflow.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.boltzmann.topology.Smiles;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Oversized, empty and binary molecular inputs, each refused with one line naming the input and the limit. */
class BadMoleculeInputTest {
    @TempDir
    Path dir;

    @Test
    void dcdHeadersOverTheAtomLimitOrWithoutFramesAreRefused() throws IOException {
        Path valid = dir.resolve("one.dcd");
        DcdFile.write(valid, new Trajectory(2, List.of(new double[6])));
        byte[] bytes = Files.readAllBytes(valid);
        int atomsAt = 4 + 84 + 4 + 4 + (2 * 80 + 4) + 4 + 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(atomsAt, Integer.MAX_VALUE);
        Path huge = dir.resolve("huge.dcd");
        Files.write(huge, bytes);
        assertMessage(() -> DcdFile.read(huge), "huge.dcd", "2147483647 atoms: the limit is");
        Path zero = dir.resolve("zero.dcd");
        Files.write(zero, java.util.Arrays.copyOf(Files.readAllBytes(valid), atomsAt + 8));
        assertMessage(() -> DcdFile.read(zero), "zero.dcd", "no frames");
    }

    @Test
    void zeroFrameCoordinatesAreRefused() throws IOException {
        Path zero = dir.resolve("zero.npy");
        Npy.write(zero, new NpyArray(new double[0], new int[] {0, 22, 3}));
        var topology = org.boltzflow.boltzmann.forcefield.amber.PrmtopReader.read(Path.of(System.getProperty(
                "boltzflow.data", "../data"), "alanine-dipeptide", "alanine-dipeptide.prmtop")).topology();
        assertMessage(() -> CoordinateFiles.read(zero, topology), "zero.npy", "no frames");
    }

    @Test
    void smilesEmptyOrOverTheAtomLimitIsRefusedBeforeParsing() {
        assertMessage(() -> CdkTopology.fromSmiles(""), "SMILES ''", "empty SMILES");
        assertMessage(() -> CdkTopology.fromSmiles("C".repeat(20_000)), "20000 characters",
                "20000 heavy atoms; the limit is " + Smiles.MAX_HEAVY_ATOMS);
        assertMessage(() -> CdkTopology.fromSmiles("C1CC(("), "SMILES 'C1CC(('", "invalid SMILES");
        assertTrue(CdkTopology.fromSmiles("C".repeat(Smiles.MAX_HEAVY_ATOMS)).atomCount() > 0);
    }

    @Test
    void binarySdfIsNamedWithTheOffendingByte() throws IOException {
        Path binary = dir.resolve("binary.sdf");
        Files.write(binary, new byte[] {'a', '\n', 'b', (byte) 0xc3, (byte) 0x28, '\n'});
        assertMessage(() -> MoleculeSdf.read(binary), "binary.sdf:2", "not UTF-8 text: byte 0xc3 at offset 3");
    }

    private static void assertMessage(Executable read, String source, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, read);
        assertTrue(e.getMessage().contains(source) && e.getMessage().contains(reason), e.getMessage());
    }
}
