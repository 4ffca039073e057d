package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data"));

    @Test
    void alanineEnergyMatchesOpenMm() throws Exception {
        // data/alanine-dipeptide/reference/energies_obc1.csv, frame 0 (OpenMM, Reference platform)
        assertEquals(-112.34171029746332, QuickStart.alanineEnergy(DATA), 1e-6);
    }

    @Test
    void flowLearnsTwoMoons() {
        double kl = QuickStart.twoMoonsKl(1);
        assertTrue(kl > 0 && kl < BOUND, "KL " + kl);
    }

    private static final double BOUND = 0.5;
}
