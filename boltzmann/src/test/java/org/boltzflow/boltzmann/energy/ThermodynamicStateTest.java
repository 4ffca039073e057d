package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThermodynamicStateTest {
    @Test
    void reducedEnergiesAgainstHandComputedValues() {
        ThermodynamicState s = ThermodynamicState.at(300);
        // kT = 0.0083144626 kJ/mol/K * 300 K = 2.49433878 kJ/mol
        assertEquals(2.49433878, s.kT(), 1e-12);
        assertEquals(10.0 / 2.49433878, s.reduced(10.0), 1e-12);
        assertArrayEquals(new double[] {-1.0 / 2.49433878, 0, 4.184 / 2.49433878}, s.reduced(new double[] {-1, 0, 4.184}),
                1e-12);
        assertEquals(2 * 2.49433878, s.atTemperature(600).kT(), 1e-12);
    }

    @Test
    void refusesNonPhysicalTemperaturesAndMissingModels() {
        assertThrows(IllegalArgumentException.class, () -> ThermodynamicState.at(0));
        assertThrows(IllegalArgumentException.class, () -> ThermodynamicState.at(-300));
        assertThrows(IllegalArgumentException.class, () -> ThermodynamicState.at(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ThermodynamicState.at(Double.POSITIVE_INFINITY));
        assertThrows(IllegalStateException.class, () -> ThermodynamicState.at(300).reducedEnergy(new double[3]));
    }
}
