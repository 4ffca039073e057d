package org.boltzflow.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinateFilesTest {
    static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));
    static final Path ALANINE_PDB = DATA.resolve("alanine-dipeptide/alanine-dipeptide.pdb");

    @TempDir
    Path dir;

    /** Alanine dipeptide's topology as AMBER names it (HH31, not the PDB v2 1HH3), bonds from a distance rule. */
    static Topology alanine() throws IOException {
        PdbStructure pdb = PdbFile.read(ALANINE_PDB);
        List<Atom> atoms = new ArrayList<>();
        for (PdbAtom a : pdb.atoms()) {
            String name = AtomNames.canonical(a.name());
            String element = name.substring(0, 1);
            atoms.add(new Atom(name, element, element.equals("H") ? 1.008 : 12.01, a.residueName(),
                    a.residueNumber() - 1));
        }
        double[] x = pdb.trajectory().frame(0);
        List<int[]> bonds = new ArrayList<>();
        for (int i = 0; i < atoms.size(); i++) {
            for (int j = i + 1; j < atoms.size(); j++) {
                double d = Math.sqrt(sq(x[3 * i] - x[3 * j]) + sq(x[3 * i + 1] - x[3 * j + 1])
                        + sq(x[3 * i + 2] - x[3 * j + 2]));
                if (d < 0.16) {
                    bonds.add(new int[] {i, j});
                }
            }
        }
        return new Topology(atoms, bonds);
    }

    private static double sq(double v) {
        return v * v;
    }

    static Trajectory jittered(Trajectory base, int frames, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double[] x = base.frame(0);
            for (int i = 0; i < x.length; i++) {
                x[i] += 0.05 * random.nextGaussian();
            }
            out.add(x);
        }
        return new Trajectory(base.atomCount(), out);
    }

    @Test
    void readsTheAlaninePdbAgainstItsTopology() throws IOException {
        Topology topology = alanine();
        assertEquals(21, topology.bonds().size());
        Trajectory t = CoordinateFiles.read(ALANINE_PDB, topology);
        assertEquals(1, t.frameCount());
        assertEquals(22, t.atomCount());
        assertEquals(0.2, t.frame(0)[0], 1e-15);
        assertEquals(0.209, t.frame(0)[4], 1e-15);
        assertFalse(t.hasCells());
    }

    @Test
    void pdbRoundTripKeepsModelsCellsAndBonds() throws IOException {
        Topology topology = alanine();
        Trajectory base = jittered(PdbFile.read(ALANINE_PDB).trajectory(), 3, 1);
        List<UnitCell> cells = List.of(new UnitCell(3, 3.1, 3.2, 90, 90, 90), new UnitCell(3, 3, 3, 80, 85, 95),
                new UnitCell(2.5, 2.6, 2.7, 60, 70, 75));
        Trajectory original = new Trajectory(22, base.frames(), cells);
        Path file = dir.resolve("multi.pdb");
        PdbFile.write(file, topology, original);
        PdbStructure back = PdbFile.read(file);
        back.requireMatches(topology);
        assertEquals(3, back.trajectory().frameCount());
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(original.frame(f), back.trajectory().frame(f), 5.0001e-5);
            UnitCell c = back.trajectory().cells().get(f);
            assertEquals(cells.get(f).b(), c.b(), 5.0001e-5);
            assertEquals(cells.get(f).gamma(), c.gamma(), 5.0001e-3);
        }
        assertEquals(topology.bonds().size(), back.bonds().size());
        for (int k = 0; k < back.bonds().size(); k++) {
            assertArrayEquals(topology.bonds().get(k), back.bonds().get(k));
        }
        assertEquals("CA", back.atoms().get(8).name().trim());
        assertEquals("ALA", back.atoms().get(8).residueName());
        assertEquals(2, back.atoms().get(8).residueNumber());
    }

    @Test
    void pdbWithAtomsInAnotherOrderIsRefusedNamingAtomAndLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(ALANINE_PDB));
        String ca = lines.get(9);
        lines.set(9, lines.get(10));
        lines.set(10, ca);
        Path file = dir.resolve("swapped.pdb");
        Files.write(file, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinateFiles.read(file, alanine()));
        assertTrue(e.getMessage().contains(".pdb:10:") && e.getMessage().contains("atom 9 is HA")
                && e.getMessage().contains("is CA of ALA 2"), e.getMessage());
    }

    @Test
    void wrongAtomCountIsRefused() throws IOException {
        Path file = dir.resolve("short.npy");
        NpyCoordinates.write(file, new Trajectory(21, List.of(new double[63])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinateFiles.read(file, alanine()));
        assertTrue(e.getMessage().contains("21 atoms per frame") && e.getMessage().contains("22"), e.getMessage());
    }

    @Test
    void nanFrameIsRefusedNamingFrameAndAtom() throws IOException {
        Topology topology = alanine();
        double[][] frames = new double[3][66];
        frames[2][3 * 7 + 1] = Double.NaN;
        Path file = dir.resolve("nan.npy");
        Npy.write(file, new org.boltzflow.flows.io.NpyArray(
                Arrays.stream(frames).flatMapToDouble(Arrays::stream).toArray(), new int[] {3, 22, 3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinateFiles.read(file, topology));
        assertTrue(e.getMessage().contains("frame 2, atom 7") && e.getMessage().contains("y = NaN"), e.getMessage());
    }

    @Test
    void npyRoundTripIsExact() throws IOException {
        Trajectory original = jittered(PdbFile.read(ALANINE_PDB).trajectory(), 4, 2);
        Path file = dir.resolve("t.npy");
        CoordinateFiles.write(file, alanine(), original);
        Trajectory back = CoordinateFiles.read(file, alanine());
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(original.frame(f), back.frame(f), 0.0);
        }
    }

    @Test
    void float32NpyFromNumPyIsReadInSinglePrecisionAndWrittenBackByteForByte() throws IOException {
        Path numpy = DATA.resolve("dcd/openmm-vacuum-float32.npy");
        Trajectory single = NpyCoordinates.read(numpy);
        Trajectory exact = NpyCoordinates.read(DATA.resolve("dcd/openmm-vacuum.npy"));
        assertTrue(single.isSinglePrecision());
        assertFalse(exact.isSinglePrecision());
        assertEquals(3, single.frameCount());
        for (int f = 0; f < 3; f++) {
            double[] rounded = exact.frame(f);
            for (int i = 0; i < rounded.length; i++) {
                rounded[i] = (float) rounded[i];
            }
            assertArrayEquals(rounded, single.frame(f), 0.0, "NumPy's float32 rounding is Java's");
            assertArrayEquals(exact.frame(f), single.frame(f), 1e-7);
        }
        Path back = dir.resolve("back.npy");
        NpyCoordinates.write(back, single);
        assertArrayEquals(Files.readAllBytes(numpy), Files.readAllBytes(back));
    }

    @Test
    void singlePrecisionFramesAreRoundedOnceAndRoundTripExactly() throws IOException {
        Trajectory original = jittered(PdbFile.read(ALANINE_PDB).trajectory(), 6, 5);
        Trajectory single = Trajectory.singlePrecision(22, original.frames());
        double[] all = single.flatten();
        double[] middle = single.flatten(2, 5);
        double[] copied = new double[70];
        single.copyFrame(4, copied, 4);
        for (int f = 0; f < 6; f++) {
            double[] frame = single.frame(f);
            for (int i = 0; i < 66; i++) {
                assertEquals((float) original.frame(f)[i], frame[i], 0.0);
                assertEquals(frame[i], all[f * 66 + i], 0.0);
                if (f >= 2 && f < 5) {
                    assertEquals(frame[i], middle[(f - 2) * 66 + i], 0.0);
                }
            }
        }
        assertArrayEquals(single.frame(4), Arrays.copyOfRange(copied, 4, 70), 0.0);
        Path singleFile = dir.resolve("single.npy");
        Path doubleFile = dir.resolve("double.npy");
        NpyCoordinates.write(singleFile, single);
        NpyCoordinates.write(doubleFile, original);
        Trajectory back = NpyCoordinates.read(singleFile);
        assertTrue(back.isSinglePrecision());
        assertArrayEquals(all, back.flatten(), 0.0);
        assertEquals(6 * 66 * 4, Files.size(singleFile) - 128, "float32 values after a 128-byte header");
        assertEquals(6 * 66 * 8, Files.size(doubleFile) - 128);
        assertThrows(IndexOutOfBoundsException.class, () -> single.flatten(5, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> single.frame(6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trajectory.packed(22, new double[65]));
        assertTrue(e.getMessage().contains("65 coordinates are not whole frames of 22 atoms"), e.getMessage());
    }

    @Test
    void dcdRoundTripToFloat32PrecisionWithAndWithoutCells() throws IOException {
        Trajectory base = jittered(PdbFile.read(ALANINE_PDB).trajectory(), 5, 3);
        List<UnitCell> cells = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            cells.add(new UnitCell(3 + 0.1 * f, 2.9, 2.8, 70 + f, 80, 100));
        }
        for (Trajectory original : List.of(base, new Trajectory(22, base.frames(), cells))) {
            Path file = dir.resolve("t.dcd");
            DcdFile.write(file, original, 0.002, 10);
            Trajectory back = DcdFile.read(file);
            assertEquals(original.hasCells(), back.hasCells());
            for (int f = 0; f < 5; f++) {
                assertArrayEquals(original.frame(f), back.frame(f), 1e-7);
                if (original.hasCells()) {
                    assertEquals(cells.get(f).a(), back.cells().get(f).a(), 1e-12);
                    assertEquals(cells.get(f).alpha(), back.cells().get(f).alpha(), 1e-9);
                    assertEquals(cells.get(f).gamma(), back.cells().get(f).gamma(), 1e-9);
                }
            }
        }
    }

    @Test
    void readsDcdWrittenByOpenMm() throws IOException {
        for (String name : List.of("openmm-vacuum", "openmm-box")) {
            Trajectory dcd = CoordinateFiles.read(DATA.resolve("dcd/" + name + ".dcd"), alanine());
            Trajectory reference = NpyCoordinates.read(DATA.resolve("dcd/" + name + ".npy"));
            assertEquals(3, dcd.frameCount());
            for (int f = 0; f < 3; f++) {
                assertArrayEquals(reference.frame(f), dcd.frame(f), 1e-6);
            }
            assertEquals(name.endsWith("box"), dcd.hasCells());
        }
        String[] cell = Files.readAllLines(DATA.resolve("dcd/openmm-box-cell.csv")).get(1).split(",");
        UnitCell read = DcdFile.read(DATA.resolve("dcd/openmm-box.dcd")).cells().get(2);
        double[] got = {read.a(), read.b(), read.c(), read.alpha(), read.beta(), read.gamma()};
        for (int k = 0; k < 6; k++) {
            assertEquals(Double.parseDouble(cell[k]), got[k], 1e-9);
        }
    }

    @Test
    void dcdWrittenHereHasOpenMmHeaderLayout() throws IOException {
        Path ours = dir.resolve("ours.dcd");
        Trajectory openmm = DcdFile.read(DATA.resolve("dcd/openmm-box.dcd"));
        DcdFile.write(ours, openmm, 0.001, 5);
        byte[] a = Files.readAllBytes(ours);
        byte[] b = Files.readAllBytes(DATA.resolve("dcd/openmm-box.dcd"));
        assertEquals(b.length, a.length);
        // header words other than the first step (offset 12), the titles and the date; then identical
        // coordinate records (cell cosines may differ in the last bit: OpenMM computes them from box vectors)
        int[] sameWords = {0, 4, 8, 16, 44, 48, 84, 88, 92, 96, 264, 268, 272};
        for (int offset : sameWords) {
            assertEquals(word(b, offset), word(a, offset), "header word at byte " + offset);
        }
        int frameBytes = 56 + 3 * (8 + 4 * 22);
        for (int start = 276; start < b.length; start += frameBytes) {
            assertEquals(word(b, start), word(a, start), "cell record marker");
            assertArrayEquals(Arrays.copyOfRange(b, start + 56, start + frameBytes),
                    Arrays.copyOfRange(a, start + 56, start + frameBytes));
        }
    }

    private static int word(byte[] bytes, int offset) {
        return java.nio.ByteBuffer.wrap(bytes, offset, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void truncatedDcdIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(DATA.resolve("dcd/openmm-vacuum.dcd"));
        Path file = dir.resolve("cut.dcd");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        RuntimeException e = assertThrows(InvalidInputException.class, () -> DcdFile.read(file));
        assertTrue(e.getMessage().contains("frame 2 is truncated"), e.getMessage());
    }

    @Test
    void pdbWithBadCoordinateNamesLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(ALANINE_PDB));
        lines.set(3, lines.get(3).substring(0, 32) + "x.xxx" + lines.get(3).substring(37));
        Path file = dir.resolve("bad.pdb");
        Files.write(file, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PdbFile.read(file));
        assertTrue(e.getMessage().contains(":4:") && e.getMessage().contains("x coordinate"), e.getMessage());
    }
}
