package org.boltzflow.boltzmann.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.junit.jupiter.api.Test;

class ReplicaExchangeTest {
    private static final double[] LADDER = {300, 400, 530};

    private static ReplicaExchange.Result run(int threads, long seed) {
        ReplicaExchange exchange = new ReplicaExchange(new ThermodynamicState(LangevinIntegratorTest.SPRINGS, 300),
                LADDER, LangevinIntegratorTest.MASSES, 0.002, 5, seed);
        return exchange.run(LangevinIntegratorTest.relaxed(LangevinIntegratorTest.SPRINGS), 1000, 20_000, 10, 100,
                threads, () -> { });
    }

    @Test
    void samplesDependOnTheSeedOnlyNotOnTheThreadCount() {
        ReplicaExchange.Result one = run(1, 4);
        ReplicaExchange.Result two = run(2, 4);
        assertEquals(200, one.samples().length);
        assertArrayEquals(one.energies(), two.energies());
        assertArrayEquals(one.samples()[199], two.samples()[199]);
        assertArrayEquals(one.acceptance(), two.acceptance());
        assertEquals(3L * 21_000 + 3 + 2 * swaps(one), one.energyEvaluations());
        for (double a : one.acceptance()) {
            assertTrue(a > 0.05 && a < 0.95, "swap acceptance " + a);
        }
        assertTrue(run(1, 5).energies()[199] != one.energies()[199]);
    }

    @Test
    void theLadderMustStartAtTheStateAndAscend() {
        ThermodynamicState state = new ThermodynamicState(LangevinIntegratorTest.SPRINGS, 300);
        assertThrows(IllegalArgumentException.class, () -> new ReplicaExchange(state, new double[] {310, 400},
                LangevinIntegratorTest.MASSES, 0.002, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplicaExchange(state, new double[] {300, 300},
                LangevinIntegratorTest.MASSES, 0.002, 5, 1));
    }

    /** Accepted swaps, from the acceptance rates and the alternating even/odd attempt schedule of 2100 blocks. */
    private static long swaps(ReplicaExchange.Result r) {
        return Math.round(r.acceptance()[0] * 1050) + Math.round(r.acceptance()[1] * 1050);
    }
}
