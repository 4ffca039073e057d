package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.boltzflow.boltzmann.io.Trajectory;
import org.junit.jupiter.api.Test;

class ReducedEnergiesTest {
    /** One spring of 1000 kJ/mol/nm² and rest length 0.1 nm: E = 500 (r - 0.1)². */
    static final HarmonicSprings SPRING = new HarmonicSprings(2, new int[][] {{0, 1}}, new double[] {1000},
            new double[] {0.1}, 0);

    @Test
    void matrixHoldsEveryPooledSampleUnderEveryState() {
        Trajectory a = new Trajectory(2, List.of(new double[] {0, 0, 0, 0.2, 0, 0}, new double[] {0, 0, 0, 0, 0.1, 0}));
        Trajectory b = new Trajectory(2, List.of(new double[] {0, 0, 0, 0, 0, 0.3}));
        List<ThermodynamicState> states = List.of(new ThermodynamicState(SPRING, 300),
                new ThermodynamicState(SPRING, 400), new ThermodynamicState(SPRING, 350));
        ReducedEnergies.Matrix m = ReducedEnergies.of(states, List.of(a, b), 1);
        assertArrayEquals(new int[] {2, 1, 0}, m.counts());
        double[] e = {500 * 0.01, 0, 500 * 0.04};
        for (int k = 0; k < 3; k++) {
            double kT = Units.kT(states.get(k).temperature());
            assertArrayEquals(new double[] {e[0] / kT, e[1] / kT, e[2] / kT}, m.u()[k], 1e-12);
        }
    }

    @Test
    void nonFiniteEnergiesAreNamedBySetSampleAndState() {
        Trajectory a = new Trajectory(2, List.of(new double[] {0, 0, 0, 0.2, 0, 0}));
        Trajectory b = new Trajectory(2, List.of(new double[] {0, 0, 0, 0.2, 0, 0},
                new double[] {0, 0, 0, Double.NaN, 0, 0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReducedEnergies.of(
                List.of(new ThermodynamicState(SPRING, 300), new ThermodynamicState(SPRING, 310)), List.of(a, b), 1));
        assertEquals("sample set 1, sample 1: energy is NaN under state 0 (300.0 K)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReducedEnergies.of(
                List.of(new ThermodynamicState(SPRING, 300)), List.of(a, b), 1));
    }

    @Test
    void temperatureReweightingAndBarOfIdenticalStates() {
        ThermodynamicState cold = new ThermodynamicState(SPRING, 300);
        ThermodynamicState hot = cold.atTemperature(600);
        double[] lw = ReducedEnergies.reweight(new double[] {0.5, -1}, new double[] {10, -4}, cold, hot);
        double dBeta = hot.beta() - cold.beta();
        assertArrayEquals(new double[] {0.5 - dBeta * 10, -1 + dBeta * 4}, lw, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ReducedEnergies.reweight(null,
                new double[] {Double.POSITIVE_INFINITY}, cold, hot));
        Trajectory samples = new Trajectory(2, List.of(new double[] {0, 0, 0, 0.2, 0, 0},
                new double[] {0, 0, 0, 0.15, 0, 0}, new double[] {0, 0, 0, 0.05, 0.05, 0}));
        assertEquals(0, ReducedEnergies.bar(cold, cold, samples, samples, 1).value(), 1e-12);
    }
}
