package org.boltzflow.mcmc.estimators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.Arrays;
import org.boltzflow.flows.io.Npy;
import org.junit.jupiter.api.Test;

/**
 * Statistical inefficiency, equilibration detection and subsampling against pymbar 3.1's {@code timeseries} on the
 * fixtures of {@code data/scripts/timeseries_reference.py}: AR(1) series with and without an equilibration transient.
 */
class TimeseriesTest {
    private static final String SET = "timeseries";

    @Test
    void statisticalInefficienciesMatchPymbar() throws IOException {
        JsonObject ref = MbarTest.reference(SET);
        double[][] series = series(ref);
        for (int s = 0; s < series.length; s++) {
            JsonObject r = ref.getAsJsonArray("series").get(s).getAsJsonObject();
            assertEquals(r.get("g").getAsDouble(), Timeseries.statisticalInefficiency(series[s]),
                    1e-10 * r.get("g").getAsDouble(), "g of series " + s);
            assertEquals(r.get("g_fast").getAsDouble(),
                    Timeseries.statisticalInefficiency(series[s], series[s], true),
                    1e-10 * r.get("g_fast").getAsDouble(), "fast g of series " + s);
        }
        assertEquals(ref.get("g_cross_02").getAsDouble(),
                Timeseries.statisticalInefficiency(series[0], series[2], false), 1e-9, "cross g of series 0 and 2");
    }

    @Test
    void equilibrationStartsMatchPymbar() throws IOException {
        JsonObject ref = MbarTest.reference(SET);
        double[][] series = series(ref);
        for (int s = 0; s < series.length; s++) {
            JsonObject r = ref.getAsJsonArray("series").get(s).getAsJsonObject();
            for (int skip : new int[] {1, 10}) {
                JsonObject e = r.getAsJsonObject(skip == 1 ? "equilibration" : "equilibration_nskip10");
                Timeseries.Equilibration found = Timeseries.detectEquilibration(series[s], skip);
                String what = "series " + s + ", skip " + skip;
                assertEquals(e.get("start").getAsInt(), found.start(), what);
                // pymbar keeps g in float32
                assertEquals(e.get("g").getAsDouble(), found.inefficiency(), 1e-6 * found.inefficiency(), what);
                assertEquals(e.get("n_eff").getAsDouble(), found.effectiveSamples(),
                        1e-6 * found.effectiveSamples(), what);
            }
        }
        // the transient of series 2 (an offset decaying over 150 steps) is cut
        assertEquals(158, Timeseries.detectEquilibration(series[2], 1).start());
    }

    @Test
    void subsampledIndicesMatchPymbar() throws IOException {
        JsonObject ref = MbarTest.reference(SET);
        double[][] series = series(ref);
        for (int s = 0; s < series.length; s++) {
            JsonObject r = ref.getAsJsonArray("series").get(s).getAsJsonObject();
            double g = r.get("g").getAsDouble();
            int n = series[s].length;
            assertArrayEquals(ints(r.getAsJsonArray("subsample")), Timeseries.uncorrelatedIndices(n, g, false));
            assertArrayEquals(ints(r.getAsJsonArray("subsample_conservative")),
                    Timeseries.uncorrelatedIndices(n, g, true));
            double[] values = series[s];
            int[] kept = ints(r.getAsJsonArray("subsample"));
            assertArrayEquals(Arrays.stream(kept).mapToDouble(i -> values[i]).toArray(), Timeseries.subsample(values));
        }
        // 2.5 k rounds halves to even: 2.5 -> 2, 7.5 -> 8
        assertArrayEquals(ints(ref.getAsJsonArray("subsample_g2.5_n20")), Timeseries.uncorrelatedIndices(20, 2.5, false));
    }

    @Test
    void theDocsExampleCutsTheTransientAndKeepsOneSamplePerInefficiency() throws IOException {
        JsonObject ref = MbarTest.reference(SET);
        double[] a = series(ref)[2];
        double g = Timeseries.statisticalInefficiency(a);
        Timeseries.Equilibration e = Timeseries.detectEquilibration(a, 1);
        int[] kept = Timeseries.uncorrelatedIndices(a.length - e.start(), e.inefficiency(), false);
        JsonObject r = ref.getAsJsonArray("series").get(2).getAsJsonObject();
        assertEquals(r.get("g").getAsDouble(), g, 1e-10 * g);
        assertEquals(158, e.start());
        assertEquals((a.length - e.start()) / e.inefficiency(), kept.length, 1);
        assertEquals(a.length - e.start() - 1, kept[kept.length - 1], e.inefficiency());
    }

    @Test
    void constantAndBadSeriesAreNamed() {
        assertEquals(new Timeseries.Equilibration(0, 1, 1), Timeseries.detectEquilibration(new double[] {2, 2, 2}, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timeseries.statisticalInefficiency(new double[] {2, 2, 2}));
        assertEquals("the series' covariance is 0 (a constant series): no statistical inefficiency", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Timeseries.statisticalInefficiency(new double[] {1, Double.NaN, 3}));
        assertEquals("value 1 of the series is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Timeseries.statisticalInefficiency(new double[] {1, 2}, new double[] {1, 2, 3}, false));
        assertEquals("the two series differ in length: 2 and 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Timeseries.uncorrelatedIndices(10, 0.5, false));
        assertEquals("need n >= 1 and a finite g >= 1, got n = 10, g = 0.5", e.getMessage());
    }

    /** The fixture's series, each cut to its length. */
    private static double[][] series(JsonObject ref) throws IOException {
        double[] flat = Npy.read(MbarTest.DATA.resolve(SET + "/series.npy")).data();
        double[] lengths = MbarTest.doubles(ref.getAsJsonArray("lengths"));
        int width = flat.length / lengths.length;
        double[][] out = new double[lengths.length][];
        for (int s = 0; s < out.length; s++) {
            out[s] = Arrays.copyOfRange(flat, s * width, s * width + (int) lengths[s]);
        }
        return out;
    }

    private static int[] ints(JsonArray array) {
        return Arrays.stream(MbarTest.doubles(array)).mapToInt(v -> (int) v).toArray();
    }
}
