package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code estimate}: MBAR on pymbar's arrays and on sample sets, PMFs, temperature reweighting, and refusals. */
class EstimateCommandTest {
    static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));
    static final String PRMTOP = DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop").toString();
    static final String FRAMES = DATA.resolve("alanine-dipeptide/reference/coords.npy").toString();

    @TempDir
    Path dir;

    @Test
    void mbarOnPymbarArraysWritesPymbarsFreeEnergiesUncertaintiesAndOverlap() throws IOException {
        Path out = dir.resolve("f.json");
        Path set = DATA.resolve("mbar/harmonic");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--mbar", "--u-kn", set.resolve("u_kn.npy").toString(),
                "--n-k", set.resolve("n_k.npy").toString(), "--observable", set.resolve("observable.npy").toString(),
                "--out", out.toString()));
        JsonObject got = json(out);
        JsonObject ref = json(set.resolve("reference.json"));
        for (int k = 0; k < 5; k++) {
            assertEquals(ref.getAsJsonArray("mu").get(k).getAsDouble(),
                    got.getAsJsonArray("observable_mean").get(k).getAsDouble(), 1e-8);
            double sigma = ref.getAsJsonArray("sigma").get(k).getAsDouble();
            assertEquals(sigma, got.getAsJsonArray("observable_err").get(k).getAsDouble(), 1e-4 * sigma);
            assertEquals(ref.getAsJsonArray("f_k").get(k).getAsDouble(), got.getAsJsonArray("f_k").get(k).getAsDouble(),
                    1e-6);
            double df = ref.getAsJsonArray("d_delta_f").get(0).getAsJsonArray().get(k).getAsDouble();
            assertEquals(df, got.getAsJsonArray("df_k").get(k).getAsDouble(), 1e-4 * df);
            for (int j = 0; j < 5; j++) {
                double o = ref.getAsJsonArray("overlap").get(k).getAsJsonArray().get(j).getAsDouble();
                assertEquals(o, got.getAsJsonArray("overlap").get(k).getAsJsonArray().get(j).getAsDouble(),
                        1e-10 + 1e-4 * o);
            }
        }
        List<String> csv = Files.readAllLines(dir.resolve("f.csv"));
        assertEquals("state,f_k,df_k", csv.get(0));
        assertEquals(6, csv.size());
    }

    @Test
    void mbarOverASampleSetWithEvaluatedTemperaturesAgreesWithTemperatureReweighting() throws IOException {
        // one sampled state and two evaluated ones: MBAR reduces to reweighting, so its alphaR population at 330 K
        // is the population --reweight-temperature 330 gives, and the state identical to the sampled one has f = 0
        Path out = dir.resolve("mbar.json");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--mbar", "--prmtop", PRMTOP, "--set", FRAMES + ",300",
                "--eval", "300,obc1", "--eval", "330", "--state", "alphaR:phi=-180..0,psi=-149..51.6", "--out",
                out.toString()));
        JsonObject got = json(out);
        assertEquals(0, got.getAsJsonArray("f_k").get(1).getAsDouble(), 1e-12);
        JsonArray p = got.getAsJsonObject("populations").getAsJsonObject("alphaR").getAsJsonArray("value");
        Path reweighted = dir.resolve("reweighted.json");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP, "--samples", FRAMES,
                "--reweight-temperature", "330", "--state", "alphaR:phi=-180..0,psi=-149..51.6", "--out",
                reweighted.toString()));
        assertEquals(json(reweighted).get("population_alphaR").getAsDouble(), p.get(2).getAsDouble(), 1e-10);
        assertEquals(p.get(0).getAsDouble(), p.get(1).getAsDouble(), 1e-12);
        assertEquals(760, ImageIO.read(dir.resolve("mbar.populations.png").toFile()).getWidth());
        assertEquals(6.0 / 220, p.get(0).getAsDouble(), 1e-12, "6 of the 220 frames are in alphaR");
    }

    @Test
    void decorrelatedMbarKeepsOneOfEachRepeatedFrame() throws IOException {
        // the reference frames (energies rising through the file) in a fixed shuffled order, each four times over:
        // a stationary series of statistical inefficiency about 4, whose repeats decorrelation drops again
        NpyArray frames = Npy.read(Path.of(FRAMES));
        int n = frames.shape()[0];
        int size = frames.data().length / n;
        double[] repeated = new double[4 * frames.data().length];
        for (int f = 0; f < 4 * n; f++) {
            System.arraycopy(frames.data(), (f / 4 * 97 % n) * size, repeated, f * size, size);
        }
        Path file = dir.resolve("repeated.npy");
        Npy.write(file, new NpyArray(repeated, new int[] {4 * n, frames.shape()[1], 3}));
        Path out = dir.resolve("decorrelated.json");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--mbar", "--decorrelate", "--prmtop", PRMTOP, "--set",
                file + ",300", "--eval", "330", "--state", "alphaR:phi=-180..0,psi=-149..51.6", "--out",
                out.toString()));
        JsonObject state = json(out).getAsJsonArray("decorrelated").get(0).getAsJsonObject();
        double g = state.get("inefficiency").getAsDouble();
        int kept = state.get("kept").getAsInt();
        int start = state.get("start").getAsInt();
        assertEquals(4 * n, state.get("samples").getAsInt());
        assertTrue(g >= 3.5 && g < 6, "g " + g);
        assertTrue(start < n, "equilibrated within the first quarter: " + start);
        assertEquals(Math.ceil((4 * n - start) / g), kept, 1, "one sample per g after the start");
        double p = json(out).getAsJsonObject("populations").getAsJsonObject("alphaR").getAsJsonArray("value").get(0)
                .getAsDouble();
        // at the sampled temperature MBAR counts the kept frames: a whole number of them in alphaR
        assertEquals(Math.rint(p * kept), p * kept, 1e-9, "alphaR population " + p + " of " + kept + " frames");
        assertEquals(6.0 / 220, p, 0.02, "about 6 of the 220 distinct frames are in alphaR");
    }

    @Test
    void aPmfFromMbarWeightsOfOneSampledStateIsTheReweightedPmf() throws IOException {
        // with one sampled state MBAR's weights in an evaluated state are temperature reweighting's
        assertEquals(0, BoltzflowCommand.execute("estimate", "--mbar", "--prmtop", PRMTOP, "--set", FRAMES + ",300",
                "--eval", "360", "--pmf", "phi", "--bins", "12", "--out", dir.resolve("mbar.json").toString()));
        assertEquals(1, json(dir.resolve("mbar.json")).get("pmf_state").getAsInt());
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP, "--samples", FRAMES,
                "--reweight-temperature", "360", "--pmf", "phi", "--bins", "12", "--out",
                dir.resolve("rw.json").toString()));
        List<String> mbar = Files.readAllLines(dir.resolve("mbar.pmf.csv"));
        List<String> reweighted = Files.readAllLines(dir.resolve("rw.pmf.csv"));
        assertEquals(13, mbar.size());
        int finite = 0;
        for (int i = 1; i < mbar.size(); i++) {
            String[] m = mbar.get(i).split(",");
            String[] r = reweighted.get(i).split(",");
            for (int c = 0; c < m.length; c++) {
                if (m[c].equals("nan")) {
                    assertEquals("nan", r[c]);
                } else {
                    assertEquals(Double.parseDouble(r[c]), Double.parseDouble(m[c]), 2e-5, mbar.get(i));
                    finite++;
                }
            }
        }
        assertTrue(finite > 30, finite + " finite values");
    }

    @Test
    void pmfAlongOneAndTwoCvsWritesCsvAndPlots() throws IOException {
        Path out = dir.resolve("md.json");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP, "--samples", FRAMES, "--pmf",
                "phi,psi", "--bins", "12", "--blocks", "10", "--out", out.toString()));
        List<String> csv = Files.readAllLines(dir.resolve("md.pmf.csv"));
        assertEquals("phi_deg,psi_deg,probability,free_energy_kj_mol,error_kj_mol", csv.get(0));
        assertEquals(1 + 144, csv.size());
        assertEquals("-165.00000,-165.00000", csv.get(1).substring(0, csv.get(1).indexOf(',', 11)));
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        for (String line : csv.subList(1, csv.size())) {
            String[] v = line.split(",");
            total += Double.parseDouble(v[2]);
            if (!v[3].equals("nan")) {
                min = Math.min(min, Double.parseDouble(v[3]));
            }
        }
        assertEquals(1, total, 1e-6);
        assertEquals(0, min, 0);
        assertEquals(460, ImageIO.read(dir.resolve("md.pmf.png").toFile()).getWidth());
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP, "--samples", FRAMES, "--pmf", "phi",
                "--out", dir.resolve("phi.json").toString()));
        assertEquals(37, Files.readAllLines(dir.resolve("phi.pmf.csv")).size());
        assertTrue(Files.exists(dir.resolve("phi.pmf.png")));
    }

    @Test
    void reweightingToTheSameTemperatureChangesNothingAndToAnotherReportsTheEss() throws IOException {
        Path same = dir.resolve("same.json");
        Path plain = dir.resolve("plain.json");
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP, "--samples", FRAMES, "--out",
                plain.toString()));
        assertEquals(0, BoltzflowCommand.execute("estimate", "--prmtop", PRMTOP, "--samples", FRAMES,
                "--reweight-temperature", "300", "--out", same.toString()));
        assertEquals(json(plain).get("population_alphaR").getAsDouble(),
                json(same).get("population_alphaR").getAsDouble(), 1e-12);
        Path hot = dir.resolve("hot.json");
        String console = output("estimate", "--prmtop", PRMTOP, "--samples", FRAMES, "--reweight-temperature", "600",
                "--out", hot.toString());
        assertTrue(console.contains("after reweighting from 300.0 K to 600.0 K"), console);
        assertTrue(console.contains("warning: the ESS fraction"), console);
        assertEquals(220, Npy.read(dir.resolve("hot.log_weights.npy")).data().length);
        assertTrue(json(hot).get("ess").getAsDouble() < 0.1);
    }

    @Test
    void badInputIsOneClearLine() throws IOException {
        Path u = dir.resolve("u.npy");
        Path n = dir.resolve("n.npy");
        Npy.write(u, new NpyArray(new double[] {0, 1, 2, 1, Double.NaN, 0}, new int[] {2, 3}));
        Npy.write(n, new NpyArray(new double[] {2, 1}, new int[] {2}));
        assertError("reduced energy of sample 1 in state 1 is NaN", "estimate", "--mbar", "--u-kn", u.toString(),
                "--n-k", n.toString());
        Path nan0 = dir.resolve("nan0.npy");
        Npy.write(nan0, new NpyArray(new double[] {0, Double.NaN, 2, 1, 1, 0}, new int[] {2, 3}));
        assertError("--decorrelate: the samples of state 0: value 1 of the series is NaN", "estimate", "--mbar",
                "--decorrelate", "--u-kn", nan0.toString(), "--n-k", n.toString());
        Npy.write(n, new NpyArray(new double[] {3}, new int[] {1}));
        assertError("1 sample counts for the 2 states", "estimate", "--mbar", "--u-kn", u.toString(), "--n-k",
                n.toString());
        Npy.write(u, new NpyArray(new double[] {0, 0, 500, 500, 500, 500, 0, 0}, new int[] {2, 4}));
        Npy.write(n, new NpyArray(new double[] {2, 2}, new int[] {2}));
        assertError("state 0 does not overlap any other state", "estimate", "--mbar", "--u-kn", u.toString(),
                "--n-k", n.toString());
        assertError("--pmf: unknown collective variable 'chi'", "estimate", "--prmtop", PRMTOP, "--samples", FRAMES,
                "--pmf", "chi", "--out", dir.resolve("x.json").toString());
        assertError("--pmf with --mbar needs --set sample sets (coordinates), not --u-kn", "estimate", "--mbar",
                "--u-kn", u.toString(), "--n-k", n.toString(), "--pmf", "phi");
        assertError("--reweight-temperature must be a positive temperature in K, got -5.0", "estimate", "--prmtop",
                PRMTOP, "--samples", FRAMES, "--reweight-temperature", "-5");
        assertError("'--temperature': 'NaN' is not a finite number", "estimate", "--prmtop", PRMTOP,
                "--samples", FRAMES, "--temperature", "NaN");
        Path w = dir.resolve("w.npy");
        Npy.write(w, new NpyArray(new double[] {0, 1}, new int[] {2}));
        assertError("2 log weights for 220 samples", "estimate", "--prmtop", PRMTOP, "--samples", FRAMES,
                "--log-weights", w.toString());
        assertError("--cv phi=dihedral:4,6,8,4: atom 4 (ACE1:C) is given twice", "estimate", "--prmtop", PRMTOP,
                "--samples", FRAMES, "--cv", "phi=dihedral:4,6,8,4");
    }

    private static void assertError(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertTrue(run.code() >= CliErrors.USAGE && run.code() <= CliErrors.IO, "exit code " + run.code());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    private static String output(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.code(), run.err());
        return run.out();
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
