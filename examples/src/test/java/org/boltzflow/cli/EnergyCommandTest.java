package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code boltzflow energy} with AMBER against the OpenMM fixtures, and its refusals. */
class EnergyCommandTest {
    static final Path ALA2 = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide");

    @TempDir
    Path dir;

    @Test
    void writesEnergiesAndForcesAsOpenMm() throws IOException {
        Path csv = dir.resolve("e.csv");
        Path forces = dir.resolve("f.npy");
        int code = BoltzflowCommand.execute("energy", "--prmtop", ALA2.resolve("alanine-dipeptide.prmtop").toString(),
                "--coords", ALA2.resolve("reference/coords.npy").toString(), "--solvent", "obc1",
                "--forces", forces.toString(), "--out", csv.toString(), "--threads", "2");
        assertEquals(0, code);
        List<String> rows = Files.readAllLines(csv);
        List<String> expected = Files.readAllLines(ALA2.resolve("reference/energies_obc1.csv"));
        assertEquals("frame,energy_kj_mol,bond,angle,torsion,nonbonded,gb", rows.get(0));
        assertEquals(expected.size(), rows.size());
        for (int r = 1; r < rows.size(); r++) {
            String[] got = rows.get(r).split(",");
            String[] want = expected.get(r).split(",");
            assertEquals(want[0], got[0]);
            for (int c = 1; c < want.length; c++) {
                double w = Double.parseDouble(want[c]);
                assertEquals(w, Double.parseDouble(got[c]), 1e-4 + 1e-7 * Math.abs(w), "row " + r + " column " + c);
            }
        }
        NpyArray f = Npy.read(forces);
        NpyArray reference = Npy.read(ALA2.resolve("reference/forces_obc1.npy"));
        assertEquals(List.of(220, 22, 3), List.of(f.shape()[0], f.shape()[1], f.shape()[2]));
        for (int i = 0; i < f.data().length; i++) {
            assertEquals(reference.data()[i], f.data()[i], 1e-3);
        }
    }

    @Test
    void readsPdbCoordinates() throws IOException {
        Path csv = dir.resolve("pdb.csv");
        assertEquals(0, BoltzflowCommand.execute("energy", "--prmtop", ALA2.resolve("alanine-dipeptide.prmtop").toString(),
                "--coords", ALA2.resolve("alanine-dipeptide.pdb").toString(), "--out", csv.toString()));
        List<String> rows = Files.readAllLines(csv);
        assertEquals(2, rows.size());
        assertEquals("frame,energy_kj_mol,bond,angle,torsion,nonbonded", rows.get(0));
    }

    @Test
    void refusesWrongAtomCount() throws IOException {
        Path coords = dir.resolve("short.npy");
        Npy.write(coords, new NpyArray(new double[2 * 21 * 3], new int[] {2, 21, 3}));
        String err = runFailing("--coords", coords.toString());
        assertTrue(err.contains("21 atoms") && err.contains("22"), err);
    }

    @Test
    void refusesNaN() throws IOException {
        double[] xyz = Npy.read(ALA2.resolve("reference/coords.npy")).data();
        xyz[3 * 22 + 5] = Double.NaN;
        Path coords = dir.resolve("nan.npy");
        Npy.write(coords, new NpyArray(java.util.Arrays.copyOf(xyz, 2 * 66), new int[] {2, 22, 3}));
        String err = runFailing("--coords", coords.toString());
        assertTrue(err.toLowerCase(java.util.Locale.ROOT).contains("nan"), err);
        assertTrue(err.contains("frame 1"), err);
    }

    @Test
    void refusesUnknownSolvent() {
        String err = runFailing("--coords", ALA2.resolve("reference/coords.npy").toString(), "--solvent", "water");
        assertTrue(err.contains("unknown solvent 'water'"), err);
    }

    private String runFailing(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] full = new String[args.length + 4];
        full[0] = "energy";
        full[1] = "--prmtop";
        full[2] = ALA2.resolve("alanine-dipeptide.prmtop").toString();
        System.arraycopy(args, 0, full, 3, args.length);
        full[full.length - 1] = "--out=" + dir.resolve("never.csv");
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = BoltzflowCommand.execute(full);
            assertTrue(code >= 2 && code <= 4, "exit code " + code + " is not usage, bad input or I/O");
        } finally {
            System.setErr(saved);
        }
        assertTrue(Files.notExists(dir.resolve("never.csv")));
        return captured.toString(StandardCharsets.UTF_8);
    }
}
