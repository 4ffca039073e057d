package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterpolatedEnergyTest {
    static final HarmonicSprings SOFT = HarmonicSprings.allPairs(4, 100, 0.15, 0);
    static final HarmonicSprings STIFF = HarmonicSprings.allPairs(4, 900, 0.12, 20);

    @Test
    void energyForcesAndTermsMixLinearly() {
        double[] x = SOFT.randomConfigurations(1, 3);
        double[] fa = new double[12];
        double[] fb = new double[12];
        double ea = SOFT.energyAndForces(x, fa);
        double eb = STIFF.energyAndForces(x, fb);
        InterpolatedEnergy mixed = new InterpolatedEnergy(SOFT, STIFF, 0.3);
        double[] f = new double[12];
        assertEquals(0.7 * ea + 0.3 * eb, mixed.energyAndForces(x, f), 1e-12);
        for (int i = 0; i < f.length; i++) {
            assertEquals(0.7 * fa[i] + 0.3 * fb[i], f[i], 1e-12);
        }
        assertEquals(List.of("a:springs", "b:springs"), mixed.termNames());
        assertArrayEquals(new double[] {0.7 * ea, 0.3 * eb}, mixed.termEnergies(x), 1e-12);
        assertEquals(ea, new InterpolatedEnergy(SOFT, STIFF, 0).energy(x), 0);
        assertEquals(eb, new InterpolatedEnergy(SOFT, STIFF, 1).energy(x), 0);
    }

    @Test
    void differentAtomsAndLambdaOutsideTheUnitIntervalAreRefused() {
        assertEquals("cannot mix energy models of 4 and 3 atoms", assertThrows(IllegalArgumentException.class,
                () -> new InterpolatedEnergy(SOFT, HarmonicSprings.allPairs(3, 1, 1, 0), 0.5)).getMessage());
        assertEquals("lambda must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new InterpolatedEnergy(SOFT, STIFF, 1.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InterpolatedEnergy(SOFT, STIFF, Double.NaN));
    }
}
