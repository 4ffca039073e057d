package org.boltzflow.mcmc.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.boltzflow.flows.io.Npy;
import org.junit.jupiter.api.Test;

/** BAR against pymbar 3.1 on the fixtures of {@code data/scripts/bar_reference.py}: estimate and asymptotic error. */
class BarTest {
    static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"), "mbar", "bar");

    @Test
    void overlappingStatesMatchPymbar() throws IOException {
        compareWithPymbar("overlapping");
    }

    @Test
    void distantStatesWithUnequalSampleCountsMatchPymbar() throws IOException {
        compareWithPymbar("distant");
    }

    private static void compareWithPymbar(String name) throws IOException {
        JsonObject ref = JsonParser.parseString(Files.readString(DATA.resolve("reference.json"))).getAsJsonObject()
                .getAsJsonObject("cases").getAsJsonObject(name);
        double[] onA = negated(Npy.read(DATA.resolve(name + "_w_f.npy")).data());
        double[] onB = negated(Npy.read(DATA.resolve(name + "_w_r.npy")).data());
        Estimate bar = Bar.logZRatio(onA, onB);
        // log(Z_B / Z_A) is minus pymbar's reduced ΔF = f_B - f_A
        assertEquals(-ref.get("delta_f").getAsDouble(), bar.value(), 1e-8);
        double error = ref.get("d_delta_f").getAsDouble();
        assertEquals(error, bar.stdError(), 1e-6 * error);
    }

    /** The works u_B - u_A (on A) or u_A - u_B (on B) as the log ratios BAR takes. */
    private static double[] negated(double[] works) {
        double[] out = new double[works.length];
        for (int i = 0; i < works.length; i++) {
            out[i] = -works[i];
        }
        return out;
    }
}
