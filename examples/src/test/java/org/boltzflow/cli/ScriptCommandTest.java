package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code boltzflow script}: every program in examples/scripts runs on alanine-dipeptide frames, and refusals. */
class ScriptCommandTest {
    static final Path SCRIPTS = Path.of("scripts");
    static final Path ALANINE = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide");
    static final Path FRAMES = ALANINE.resolve("reference").resolve("coords.npy");

    @TempDir
    Path dir;

    @Test
    void everyExampleScriptRuns() throws IOException {
        Path png = dir.resolve("phi.png");
        Map<String, List<String>> runs = Map.of(
                "DeltaFBetweenBasins.java", List.of(FRAMES.toString()),
                "PmfAlongPhi.java", List.of(FRAMES.toString(), png.toString(), "-", "24"),
                "PopulationVsTemperature.java", List.of(FRAMES + "@300", "330", "360"),
                "ReweightedPmf.java", List.of(FRAMES + "@300", FRAMES + "@330", dir.resolve("rw").toString(), "12"),
                "SolvationFep.java", List.of("2", "400", "400", "400", "100", "3", "2", "1"),
                "ReplicaExchangeStates.java", List.of(ALANINE.resolve("alanine-dipeptide.prmtop").toString(),
                        ALANINE.resolve("alanine-dipeptide.pdb").toString(), "vacuum", "3", "400", "2000",
                        dir.resolve("remd.npy").toString()),
                "UmbrellaWindows.java", List.of(ALANINE.resolve("alanine-dipeptide.prmtop").toString(),
                        ALANINE.resolve("alanine-dipeptide.pdb").toString(), "vacuum", "4", "0.5",
                        dir.resolve("umbrella.npz").toString()));
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            assertEquals(new TreeSet<>(runs.keySet()), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java")).collect(Collectors.toCollection(TreeSet::new)),
                    "every script in examples/scripts is run here");
        }
        String basins = run("DeltaFBetweenBasins.java", runs);
        assertTrue(basins.contains("P(alphaR) = 0.0273") && basins.contains("dF = F(C7eq/beta) - F(alphaR) = "),
                basins);
        String pmf = run("PmfAlongPhi.java", runs);
        assertTrue(pmf.contains("phi_deg  F_kJ_mol  error") && pmf.lines().count() == 25, pmf);
        assertEquals(760, ImageIO.read(png.toFile()).getWidth());
        String temperatures = run("PopulationVsTemperature.java", runs);
        assertTrue(temperatures.contains(" 300.0      220     0.000 ± 0.000  0.0273 ± ")
                && temperatures.contains(" 360.0        0 "), temperatures);
        String reweighted = run("ReweightedPmf.java", runs);
        assertTrue(reweighted.contains("reweighting 220 frames from 330 K to 300 K: ESS fraction"), reweighted);
        assertTrue(Files.exists(dir.resolve("rw-phi-psi.png")) && Files.exists(dir.resolve("rw-phi.png")));
        String solvation = run("SolvationFep.java", runs);
        // per end state 2 seeding chains of 10 400 steps and 2 chains of 2 400: 51 200 MD steps at the end states,
        // then both energies of 8 + 8 frames for plain BAR
        assertTrue(solvation.contains("51232 energy evaluations") && solvation.contains("mapped FEP: dF = ")
                && solvation.contains("MBAR, 3 windows: dF = "), solvation);
        String exchange = run("ReplicaExchangeStates.java", runs);
        // 2 000 production steps recorded every 500: 4 frames of the 300 K replica, in the file and the states
        assertTrue(exchange.contains("ladder [300.0, 346.4, 400.0] K, swap acceptance [0.75, 0.5], "
                + "4 frames at 300 K, 6013 energy evaluations") && exchange.contains("P(C7eq/beta2) = 1.0000 ± 0.0000")
                && exchange.contains("dF C7eq/beta2 - alphaR2 = "), exchange);
        assertEquals(4, NpyCoordinates.read(dir.resolve("remd.npy")).frameCount());
        String umbrella = run("UmbrellaWindows.java", runs);
        assertTrue(umbrella.contains("4 windows x 10 frames"), umbrella);
        Map<String, NpyArray> saved = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(dir.resolve("umbrella.npz")))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                saved.put(e.getName(), Npy.read(zip, e.getName()));
            }
        }
        assertArrayEquals(new int[] {4, 10}, saved.get("phis.npy").shape());
        assertArrayEquals(new int[] {4, 10, 2}, saved.get("cvs.npy").shape());
        for (int w = 0; w < 4; w++) {
            // each window's phi stays near its centre (-180, -90, 0, 90 degrees): the bias holds it there (over MD
            // seeds 1-12 the largest distance was 28 degrees)
            double centre = Math.toDegrees(saved.get("centres.npy").data()[w]);
            assertEquals(-180 + 90 * w, centre, 1e-9);
            for (int f = 0; f < 10; f++) {
                double d = saved.get("phis.npy").data()[10 * w + f] - centre;
                assertTrue(Math.abs(d - 360 * Math.rint(d / 360)) < 45, "window " + w + " frame " + f + ": " + d);
            }
        }
    }

    @Test
    void aMissingOrNonJavaFileIsRefused() throws IOException {
        assertEquals(CliErrors.IO, BoltzflowCommand.execute("script", dir.resolve("none.java").toString()));
        Path text = Files.writeString(dir.resolve("x.txt"), "not java");
        int code = BoltzflowCommand.execute("script", text.toString());
        assertTrue(code >= CliErrors.USAGE && code <= CliErrors.IO, "exit code " + code);
        Path failing = Files.writeString(dir.resolve("Fail.java"),
                "public class Fail { public static void main(String[] a) { System.exit(3); } }");
        assertEquals(3, BoltzflowCommand.execute("script", failing.toString()));
    }

    private static String run(String script, Map<String, List<String>> runs) {
        String[] args = Stream.concat(Stream.of("script", SCRIPTS.resolve(script).toString()),
                runs.get(script).stream()).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.code(), script + ": " + run.err());
        return run.out();
    }
}
