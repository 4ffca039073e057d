package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data"));

    @Test
    void alanineEnergyMatchesOpenMm() throws Exception {
        Path folder = DATA.resolve("alanine-dipeptide");
        double energy = QuickStart.alanineEnergy(folder.resolve("alanine-dipeptide.prmtop"),
                folder.resolve("reference/coords.npy"));
        // data/alanine-dipeptide/reference/energies_obc1.csv, frame 0 (OpenMM, Reference platform)
        assertEquals(-112.34171029746332, energy, 1e-6);
    }

    @Test
    void flowLearnsTwoMoons() {
        // seeds 1-8 gave 0.18-0.24 nats
        double kl = QuickStart.twoMoonsKl(1);
        assertTrue(kl > 0 && kl < KL_BOUND, "KL " + kl);
    }

    private static final double KL_BOUND = 0.5;
}
