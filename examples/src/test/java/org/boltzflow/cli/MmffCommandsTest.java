package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code boltzflow energy --forcefield mmff94} against the RDKit fixtures, and {@code boltzflow minimize}. */
class MmffCommandsTest {
    static final Path MMFF = Path.of(System.getProperty("boltzflow.data", "../data"), "mmff");
    private static final String BORANE = "borane\n  test\n\n  4  3  0  0  0  0  0  0  0  0999 V2000\n"
            + "    0.0000    0.0000    0.0000 B   0  0\n    1.1900    0.0000    0.0000 H   0  0\n"
            + "   -0.5950    1.0306    0.0000 H   0  0\n   -0.5950   -1.0306    0.0000 H   0  0\n"
            + "  1  2  1  0\n  1  3  1  0\n  1  4  1  0\nM  END\n$$$$\n";

    @TempDir
    Path dir;

    @Test
    void energiesMatchRdkitAndUntypableRecordsAreNamed() throws IOException {
        List<String> sdf = Files.readAllLines(MMFF.resolve("reference.sdf"));
        Path input = dir.resolve("in.sdf");
        Files.writeString(input, String.join("\n", sdf.subList(0, 90)) + "\n" + BORANE);
        Path csv = dir.resolve("e.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = BoltzflowCommand.execute("energy", "--forcefield", "mmff94", "--sdf", input.toString(),
                    "--out", csv.toString());
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, code);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("index,name,energy_kj_mol,bond,angle,stretch_bend,oop,torsion,vdw,electrostatic", rows.get(0));
        assertEquals(5, rows.size());
        List<String> reference = Files.readAllLines(MMFF.resolve("energies.csv"));
        for (int r = 0; r < 3; r++) {
            String[] got = rows.get(r + 1).split(",");
            String[] want = reference.get(r + 1).split(",");
            assertEquals(String.valueOf(r), got[0]);
            assertEquals("ethane", got[1]);
            for (int c = 0; c < 8; c++) {
                assertEquals(4.184 * Double.parseDouble(want[6 + c]), Double.parseDouble(got[2 + c]), 4.184e-3);
            }
        }
        assertEquals("3,borane,,,,,,,,", rows.get(4));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("record 3 (borane)") && message.contains("MMFF94"), message);
    }

    @Test
    void forcesAreWrittenInKilojoulesPerNanometre() throws IOException {
        List<String> sdf = Files.readAllLines(MMFF.resolve("reference.sdf"));
        Path input = dir.resolve("ethane.sdf");
        Files.writeString(input, String.join("\n", sdf.subList(0, 90)) + "\n");
        Path forces = dir.resolve("f.npy");
        assertEquals(0, BoltzflowCommand.execute("energy", "--forcefield", "mmff94", "--sdf", input.toString(),
                "--forces", forces.toString(), "--out", dir.resolve("e.csv").toString()));
        NpyArray f = Npy.read(forces);
        assertEquals(List.of(3, 8, 3), List.of(f.shape()[0], f.shape()[1], f.shape()[2]));
        NpyArray gradient = Npy.read(MMFF.resolve("gradients.npy"));
        for (int i = 0; i < f.data().length; i++) {
            assertEquals(-41.84 * gradient.data()[i], f.data()[i], 41.84e-3);
        }
    }

    @Test
    void minimizeBuildsSmilesAndLowersTheEnergyOfSdfRecords() throws IOException {
        Path out = dir.resolve("min.sdf");
        assertEquals(0, BoltzflowCommand.execute("minimize", "--smiles", "CC(=O)NC", "--smiles", "c1ccncc1",
                "--out", out.toString()));
        List<MoleculeSdf.Record> built = MoleculeSdf.read(out);
        assertEquals(2, built.size());
        assertEquals("true", built.get(0).molecule().getProperty("MMFF94_CONVERGED"));

        List<String> sdf = Files.readAllLines(MMFF.resolve("reference.sdf"));
        Path perturbed = dir.resolve("perturbed.sdf");
        Files.writeString(perturbed, String.join("\n", sdf.subList(60, 90)) + "\n");
        Path relaxed = dir.resolve("relaxed.sdf");
        assertEquals(0, BoltzflowCommand.execute("minimize", "--sdf", perturbed.toString(), "--out", relaxed.toString()));
        double before = 4.184 * Double.parseDouble(Files.readAllLines(MMFF.resolve("energies.csv")).get(3).split(",")[6]);
        double after = Double.parseDouble(MoleculeSdf.read(relaxed).get(0).molecule().getProperty("MMFF94_ENERGY_KJ_MOL"));
        assertTrue(after < before - 10, before + " -> " + after);
        assertNotEquals(0, BoltzflowCommand.execute("minimize", "--smiles", "C1CC((", "--out", out.toString()));
    }
}
