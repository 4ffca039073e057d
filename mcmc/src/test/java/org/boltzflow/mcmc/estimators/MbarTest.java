package org.boltzflow.mcmc.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.boltzflow.flows.io.Npy;
import org.junit.jupiter.api.Test;

/**
 * MBAR against pymbar 3.1 on the fixtures of {@code data/scripts/mbar_reference.py}: f_k to 1e-6 kT, uncertainties,
 * overlap and expectation errors to 1e-4 relative; and the closed-form free energies of the oscillators.
 */
class MbarTest {
    static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"), "mbar");

    @Test
    void harmonicOscillatorsWithAnEmptyStateMatchPymbarAndTheClosedForm() throws IOException {
        Mbar mbar = compareWithPymbar("harmonic");
        JsonObject ref = reference("harmonic");
        Estimate[] f = mbar.relativeToFirst();
        double[] exact = doubles(ref.getAsJsonArray("analytical_f_k"));
        for (int k = 0; k < f.length; k++) {
            assertTrue(f[k].covers(exact[k], 4), "state " + k + ": " + f[k] + " vs exact " + exact[k]);
        }
    }

    @Test
    void exponentialDistributionsMatchPymbar() throws IOException {
        compareWithPymbar("exponential");
    }

    @Test
    void alanineDipeptideAtFourTemperaturesMatchesPymbar() throws IOException {
        compareWithPymbar("alanine-4t");
    }

    @Test
    void hundredStatesWithEveryTenthUnsampledMatchPymbar() throws IOException {
        JsonObject ref = reference("harmonic-100");
        double[] x = Npy.read(DATA.resolve("harmonic-100/observable.npy")).data();
        double[] o = doubles(ref.getAsJsonArray("o_k"));
        double[] kk = doubles(ref.getAsJsonArray("k_k"));
        double[][] u = new double[o.length][x.length];
        for (int k = 0; k < o.length; k++) {
            for (int n = 0; n < x.length; n++) {
                u[k][n] = 1.0 * 0.5 * kk[k] * ((x[n] - o[k]) * (x[n] - o[k]));
            }
        }
        Mbar mbar = Mbar.solve(u, counts(Npy.read(DATA.resolve("harmonic-100/n_k.npy")).data()));
        assertClose(doubles(ref.getAsJsonArray("f_k")), mbar.freeEnergies(), 1e-6, 0, "f_k");
        double[][] d = mbar.uncertainties();
        assertClose(doubles(ref.getAsJsonArray("d_delta_f_row0")), d[0], 0, 1e-4, "dDelta_f row 0");
        double[][] overlap = mbar.overlap();
        double[] diagonal = new double[overlap.length];
        for (int k = 0; k < diagonal.length; k++) {
            diagonal[k] = overlap[k][k];
        }
        assertClose(doubles(ref.getAsJsonArray("overlap_diagonal")), diagonal, 1e-10, 1e-4, "overlap diagonal");
    }

    @Test
    void theDocumentedCallsGivePymbarsNumbers() throws IOException {
        // the MBAR block of docs/free-energies.md, on alanine dipeptide at four temperatures
        JsonObject ref = reference("alanine-4t");
        int[] counts = counts(Npy.read(DATA.resolve("alanine-4t/n_k.npy")).data());
        double[][] u = reducedEnergies("alanine-4t", counts.length);
        double[] a = Npy.read(DATA.resolve("alanine-4t/observable.npy")).data();

        Mbar mbar = Mbar.solve(u, counts);
        double[] f = mbar.freeEnergies();            // f_k, f_0 = 0
        Estimate[] df = mbar.relativeToFirst();      // f_k - f_0 ± uncertainty (getFreeEnergyDifferences, row 0)
        double[][] theta = mbar.covariance();        // asymptotic covariance (pymbar's default "svd-ew")
        double[][] overlap = mbar.overlap();         // computeOverlap()["matrix"]
        Estimate[] mean = mbar.expectations(a);      // computeExpectations(A_n): <A>_k ± uncertainty
        double[] nEff = mbar.effectiveSamples();     // computeEffectiveSampleNumber()

        double[] fRef = doubles(ref.getAsJsonArray("f_k"));
        double[] dRef = doubles(ref.getAsJsonArray("d_delta_f").get(0).getAsJsonArray());
        double[] overlapRef = doubles(ref.getAsJsonArray("overlap").get(0).getAsJsonArray());
        double[] muRef = doubles(ref.getAsJsonArray("mu"));
        for (int k = 0; k < counts.length; k++) {
            assertEquals(fRef[k], f[k], 1e-6, "f_k");
            assertEquals(fRef[k] - fRef[0], df[k].value(), 1e-6, "f_k - f_0");
            assertEquals(dRef[k], df[k].stdError(), 1e-12 + 1e-4 * dRef[k], "d(f_k - f_0)");
            assertEquals(overlapRef[k], overlap[0][k], 1e-10 + 1e-4 * overlapRef[k], "overlap row 0");
            assertEquals(muRef[k], mean[k].value(), 1e-8 + 1e-6 * Math.abs(muRef[k]), "<A>_k");
            assertTrue(nEff[k] > 0 && nEff[k] <= a.length, "effective samples " + nEff[k]);
            assertTrue(theta[k][k] >= -1e-12, "covariance diagonal");
        }
    }

    @Test
    void badInputIsRefusedByStateAndSample() {
        double[][] u = {{0, 1, 2}, {1, Double.NaN, 0}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mbar.solve(u, new int[] {2, 1}));
        assertEquals("reduced energy of sample 1 in state 1 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Mbar.solve(new double[][] {{0, 1}, {1, 0}},
                new int[] {1, 2}));
        assertEquals("the sample counts add up to 3, but there are 2 samples", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Mbar.solve(new double[][] {{0, 1}, {1}},
                new int[] {1, 1}));
        assertEquals("state 1 has 1 reduced energies, state 0 2", e.getMessage());
    }

    private static Mbar compareWithPymbar(String set) throws IOException {
        JsonObject ref = reference(set);
        int[] n = counts(Npy.read(DATA.resolve(set + "/n_k.npy")).data());
        Mbar mbar = Mbar.solve(reducedEnergies(set, n.length), n);
        assertClose(doubles(ref.getAsJsonArray("f_k")), mbar.freeEnergies(), 1e-6, 0, set + " f_k");
        double[][] dd = mbar.uncertainties();
        double[][] delta = mbar.differences();
        double[][] overlap = mbar.overlap();
        for (int i = 0; i < n.length; i++) {
            assertClose(doubles(ref.getAsJsonArray("delta_f").get(i).getAsJsonArray()), delta[i], 1e-6, 0,
                    set + " Delta_f row " + i);
            assertClose(doubles(ref.getAsJsonArray("d_delta_f").get(i).getAsJsonArray()), dd[i], 1e-12, 1e-4,
                    set + " dDelta_f row " + i);
            assertClose(doubles(ref.getAsJsonArray("overlap").get(i).getAsJsonArray()), overlap[i], 1e-10, 1e-4,
                    set + " overlap row " + i);
        }
        Estimate[] expectations = mbar.expectations(Npy.read(DATA.resolve(set + "/observable.npy")).data());
        double[] mu = new double[n.length];
        double[] sigma = new double[n.length];
        for (int k = 0; k < n.length; k++) {
            mu[k] = expectations[k].value();
            sigma[k] = expectations[k].stdError();
        }
        assertClose(doubles(ref.getAsJsonArray("mu")), mu, 1e-8, 1e-6, set + " <A>");
        assertClose(doubles(ref.getAsJsonArray("sigma")), sigma, 1e-12, 1e-4, set + " d<A>");
        return mbar;
    }

    /** The fixture's u_kn, one row per state. */
    private static double[][] reducedEnergies(String set, int states) throws IOException {
        double[] flat = Npy.read(DATA.resolve(set + "/u_kn.npy")).data();
        int samples = flat.length / states;
        double[][] u = new double[states][];
        for (int k = 0; k < states; k++) {
            u[k] = java.util.Arrays.copyOfRange(flat, k * samples, (k + 1) * samples);
        }
        return u;
    }

    /** |expected - actual| ≤ absolute + relative |expected| element by element. */
    private static void assertClose(double[] expected, double[] actual, double absolute, double relative,
            String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double bound = absolute + relative * Math.abs(expected[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= bound, what + " [" + i + "]: " + actual[i] + " vs pymbar "
                    + expected[i]);
        }
    }

    static JsonObject reference(String set) throws IOException {
        return JsonParser.parseString(Files.readString(DATA.resolve(set + "/reference.json"))).getAsJsonObject();
    }

    static double[] doubles(JsonArray array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsDouble();
        }
        return out;
    }

    private static int[] counts(double[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}
