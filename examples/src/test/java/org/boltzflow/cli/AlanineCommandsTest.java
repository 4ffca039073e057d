package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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

/** {@code run}, {@code sample} and {@code estimate} on the tiny preset through the command line, and refusals. */
class AlanineCommandsTest {
    static final Path PRMTOP = Path.of(System.getProperty("boltzflow.data", "../data"),
            "alanine-dipeptide", "alanine-dipeptide.prmtop");
    static final Path KD = Path.of(System.getProperty("boltzflow.data", "../data"), "peptide-kd");

    @TempDir
    Path dir;

    @Test
    void runThenSampleThenEstimate() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, BoltzflowCommand.execute("run", "--preset", "tiny", "--out", run.toString(), "--cache",
                dir.resolve("cache").toString()));
        String metricsText = Files.readString(run.resolve("metrics.json"));
        assertFalse(metricsText.contains("NaN") || metricsText.contains("Infinity"), metricsText);
        JsonObject metrics = JsonParser.parseString(metricsText).getAsJsonObject();
        assertTrue(metrics.has("reverse_ess") && metrics.has("kl_cv_md") && metrics.has("states"), metrics.toString());
        double barTotal = 0;
        for (var state : metrics.getAsJsonObject("states").entrySet()) {
            double p = state.getValue().getAsJsonObject().get("bar").getAsDouble();
            assertTrue(p >= 0 && p <= 1, state.getKey() + ": " + p);
            barTotal += p;
        }
        assertTrue(barTotal > 0.5 && barTotal <= 1 + 1e-12, "the states' BAR populations add up to " + barTotal);
        for (var pair : metrics.getAsJsonObject("delta_f").entrySet()) {
            assertTrue(pair.getValue().getAsJsonObject().has("bar"), pair.getKey());
        }
        assertTrue(Files.readString(run.resolve("report.md")).contains("| ΔF | MD | reweighted samples | BAR per state "
                + "(samples and MD frames) |"));

        String err = failing("run", "--preset", "tiny", "--seed", "5", "--out", run.toString());
        assertTrue(err.contains("other settings (seed)"), err);
        err = failing("sample", "--model", run.toString(), "-n", "20", "--out", run.toString());
        assertTrue(err.contains("holds the outputs of `boltzflow run`"), err);
        err = failing("sample", "--model", run.toString(), "-n", "20", "--out", dir.resolve("kd").toString(),
                "--prmtop", KD.resolve("peptide-kd.prmtop").toString());
        assertTrue(err.contains("trained for alanine-dipeptide/alanine-dipeptide.prmtop (22 atoms), not for ")
                && err.contains("peptide-kd.prmtop (37 atoms"), err);

        err = failing("sample", "--model", run.toString(), "-n", "20", "--out", dir.resolve("wrong").toString(),
                "--reference", KD.resolve("peptide-kd.pdb").toString());
        assertTrue(err.contains("peptide-kd.pdb") && err.contains("37 atoms, but the topology has 22"), err);
        assertFalse(Files.exists(dir.resolve("wrong").resolve("samples.dcd")), "refused before sampling");

        CliRun compared = CliRun.of("sample", "--model", run.toString(), "-n", "200", "--out",
                dir.resolve("compared").toString(), "--reference", PRMTOP.resolveSibling("reference")
                        .resolve("coords.npy").toString());
        assertEquals(0, compared.code(), compared.err());
        assertTrue(compared.out().contains("populations by BAR per state (samples and reference frames): C7eq/beta "),
                compared.out());

        Path sampled = dir.resolve("sampled");
        assertEquals(0, BoltzflowCommand.execute("sample", "--model", run.toString(), "-n", "200", "--out",
                sampled.toString(), "--ais-chains", "40", "--ais-levels", "3", "--ais-kernel", "hmc"));
        assertEquals(200, Npy.read(sampled.resolve("log_weights.npy")).data().length);
        JsonObject sampleMetrics = JsonParser.parseString(Files.readString(sampled.resolve("metrics.json")))
                .getAsJsonObject();
        assertEquals(40, sampleMetrics.get("ais_samples").getAsInt());
        assertEquals("hmc", sampleMetrics.get("ais_kernel").getAsString());
        assertFalse(sampleMetrics.has("ais_kl_cv_md"), "no MD frames, no KL: " + sampleMetrics);
        assertEquals(40 - sampleMetrics.get("ais_dropped_chains").getAsInt(),
                Npy.read(sampled.resolve("ais_log_weights.npy")).data().length);

        Path estimates = dir.resolve("estimates.json");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP.toString(), "--samples",
                sampled.resolve("samples.dcd").toString(), "--log-weights", sampled.resolve("log_weights.npy").toString(),
                "--out", estimates.toString()));
        JsonObject e = JsonParser.parseString(Files.readString(estimates)).getAsJsonObject();
        assertTrue(e.get("ess").getAsDouble() > 0 && e.has("delta_f_kj_mol"), e.toString());
        double total = 0;
        for (String basin : new String[] {"C7eq/beta", "alphaR", "alphaL", "C7ax"}) {
            total += e.get("population_" + basin).getAsDouble();
        }
        assertEquals(1.0, total, 1e-9);

        Path wrongWeights = dir.resolve("wrong.npy");
        Npy.write(wrongWeights, new NpyArray(new double[] {1, 2, 3}, new int[] {3}));
        err = failing("estimate", "--prmtop", PRMTOP.toString(), "--samples",
                sampled.resolve("samples.dcd").toString(), "--weights", wrongWeights.toString());
        assertTrue(err.contains("3 weights for 200 samples"), err);
    }

    @Test
    void aRunWhoseCvsTheBoostCannotReadTrainsWithoutItAndSaysSo() {
        CliRun run = CliRun.of("run", "--preset", "tiny", "--cv", "d=distance:0,4", "--out",
                dir.resolve("distance").toString(), "--cache", dir.resolve("cache").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("training without the CV boost") && run.err().contains("not periodic: d"),
                run.err());
    }

    @Test
    void badConfigsAndFoldersAreRefusedByName() throws IOException {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"training\": {\"forwardStep\": 10}}");
        String err = failing("train", "--config", config.toString(), "--out", dir.resolve("never").toString());
        assertTrue(err.contains("bad.json") && err.contains("forwardStep"), err);
        Files.writeString(config, "{\"temperature\": -3}");
        err = failing("train", "--config", config.toString(), "--out", dir.resolve("never").toString());
        assertTrue(err.contains("temperature must be > 0"), err);
        Files.writeString(config, "{\"training\": {\"reverseAlpha\": 0}}");
        err = failing("train", "--config", config.toString(), "--out", dir.resolve("never").toString());
        assertTrue(err.contains("bad.json") && err.contains("reverseAlpha must be a finite number > 0"), err);
        Files.writeString(config, "{\"samples\": \"many\"}");
        err = failing("train", "--config", config.toString(), "--out", dir.resolve("never").toString());
        assertTrue(err.contains("bad.json: setting 'samples' must be a number") && err.contains("many"), err);
        err = failing("estimate", "--prmtop", PRMTOP.toString(), "--samples", dir.resolve("none.dcd").toString());
        assertTrue(err.contains("none.dcd: no such file"), err);
        err = failing("sample", "--model", dir.toString());
        assertTrue(err.contains("no config.json"), err);
        err = failing("run", "--resume", dir.resolve("nothing").toString());
        assertTrue(err.contains("not a run folder"), err);
        Files.writeString(config, "{\"preset\": \"tiny\", \"flow\": {\"cartesianAtoms\": [6, 8, 99]}}");
        err = failing("run", "--config", config.toString(), "--out", dir.resolve("never").toString());
        assertTrue(err.contains("atom 99 is not in the topology (22 atoms"), err);
        err = failing("run", "--config", config.toString(), "--preset", "tiny");
        assertTrue(err.contains("--config or --preset, not both"), err);
        err = failing("run", "--preset", "tiny", "-n", "2000000000", "--out", dir.resolve("never").toString());
        assertTrue(err.contains("2000000000 samples of 22 atoms") && err.contains("the limit is"), err);
    }

    @Test
    void anotherSystemsInputsAreCheckedBeforeAnyWork() throws IOException {
        Path out = dir.resolve("never");
        String kdPrmtop = KD.resolve("peptide-kd.prmtop").toString();
        String err = failing("run", "--prmtop", kdPrmtop, "--out", out.toString());
        assertTrue(err.contains("--prmtop needs --coords"), err);
        err = failing("run", "--prmtop", kdPrmtop, "--coords", PRMTOP.resolveSibling("alanine-dipeptide.pdb")
                .toString(), "--out", out.toString());
        assertTrue(err.contains("alanine-dipeptide.pdb") && err.contains("22") && err.contains("37"), err);
        err = failing("run", "--prmtop", kdPrmtop, "--coords", KD.resolve("peptide-kd.pdb").toString(), "--cv",
                "x=dihedral:0,1,2,99", "--out", out.toString());
        assertTrue(err.contains("--cv x=dihedral:0,1,2,99") && err.contains("99"), err);
        err = failing("run", "--prmtop", kdPrmtop, "--coords", KD.resolve("peptide-kd.pdb").toString(), "--state",
                "a:psi1=0..0", "--out", out.toString());
        assertTrue(err.contains("--state a:psi1=0..0"), err);
        Path periodic = dir.resolve("box.prmtop");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(PRMTOP));
        int pointers = 0;
        while (!lines.get(pointers).startsWith("%FLAG POINTERS")) {
            pointers++;
        }
        pointers += 2;
        // IFBOX is the 28th pointer: the 8th value (8 characters each) on the third line of pointers
        String third = lines.get(pointers + 2);
        lines.set(pointers + 2, third.substring(0, 56) + String.format("%8d", 1) + third.substring(64));
        Files.write(periodic, lines);
        err = failing("run", "--prmtop", periodic.toString(), "--coords", PRMTOP.resolveSibling(
                "alanine-dipeptide.pdb").toString(), "--out", out.toString());
        assertTrue(err.contains("box.prmtop") && err.contains("periodic"), err);
        assertFalse(Files.exists(out.resolve("config.json")), "nothing written");
    }

    private static String failing(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = BoltzflowCommand.execute(args);
            assertTrue(code >= 2 && code <= 4, "exit code " + code + " is not usage, bad input or I/O");
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
