package org.boltzflow.boltzmann.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.md.ReplicaExchange;
import org.boltzflow.flows.Rng;
import org.junit.jupiter.api.Test;

/** Reference MD as replica exchange: each chain is the exchange run of its seed, thread-independent, refusals. */
class ReferenceMdTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));

    @Test
    void aReplicaExchangeChainIsTheLowestReplicaOfItsSeedAndIndependentOfThreads() throws IOException {
        AmberForceField ff = AmberForceField.load(DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop"),
                Solvent.VACUUM);
        double[] start = PdbFile.read(DATA.resolve("alanine-dipeptide/alanine-dipeptide.pdb")).trajectory().frame(0);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        ReferenceMd.Settings settings = new ReferenceMd.Settings(2, 100, 1000, 50, 0.001, 1.0, 3, 480);
        ReferenceMd md = new ReferenceMd(state, ff.topology().masses(), settings, 7);
        assertArrayEquals(new double[] {300, 300 * Math.sqrt(1.6), 480}, md.ladder(), 1e-9);

        AtomicLong progress = new AtomicLong();
        Trajectory two = md.run(start, 2, progress::addAndGet);
        Trajectory one = md.run(start, 1, steps -> {});
        assertEquals(2 * 1000 / 50, two.frameCount());
        assertEquals(md.totalSteps(), progress.get());
        assertEquals(2L * 3 * 1100, md.totalSteps());
        assertArrayEquals(one.flatten(), two.flatten(), 0.0, "the thread count changes nothing");

        ReplicaExchange.Result second = new ReplicaExchange(state, md.ladder(), ff.topology().masses(), 0.001, 1.0,
                Rng.derive(7, 1)).run(start, 100, 1000, 50, 50, 1, () -> {});
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(second.samples()[i], two.frame(20 + i), 0.0, "frame " + i + " of chain 1");
        }
        assertTrue(second.acceptance()[0] > 0 && second.acceptance()[1] > 0, "replicas swap");
        assertNull(md.run(start, 2, steps -> {}, () -> true), "a stop leaves no frames");
    }

    @Test
    void aLadderMustClimbAndStayInRange() throws IOException {
        AmberForceField ff = AmberForceField.load(DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop"),
                Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        ReferenceMd.Settings cold = new ReferenceMd.Settings(1, 0, 100, 10, 0.001, 1.0, 4, 250);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceMd(state, ff.topology().masses(), cold, 1));
        assertTrue(e.getMessage().contains("maxTemperature (250.0 K) must be above the temperature (300.0 K)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceMd.Settings(1, 0, 100, 10, 0.001, 1.0, 0, 600));
        assertTrue(e.getMessage().contains("md replicas must be between 1 and 64"), e.getMessage());
        // one replica: plain chains, the maximum temperature unused
        ReferenceMd plain = new ReferenceMd(state, ff.topology().masses(),
                new ReferenceMd.Settings(1, 0, 100, 10, 0.001, 1.0, 1, 0), 1);
        assertArrayEquals(new double[] {300}, plain.ladder(), 0.0);
    }
}
