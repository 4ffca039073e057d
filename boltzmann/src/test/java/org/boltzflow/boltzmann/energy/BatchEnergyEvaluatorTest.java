package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchEnergyEvaluatorTest {
    static final HarmonicSprings MODEL = HarmonicSprings.allPairs(7, 300, 0.15, 50);

    @Test
    void springForcesAreMinusTheEnergyGradient() {
        double[] x = MODEL.randomConfigurations(1, 5);
        double[] f = new double[21];
        MODEL.energyAndForces(x, f);
        double h = 1e-6;
        for (int i = 0; i < 21; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            assertEquals(-(MODEL.energy(plus) - MODEL.energy(minus)) / (2 * h), f[i], 1e-5 * (1 + Math.abs(f[i])));
        }
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        double[] x = MODEL.randomConfigurations(53, 1);
        double[] referenceForces = new double[x.length];
        double[] referenceEnergies;
        try (BatchEnergyEvaluator one = new BatchEnergyEvaluator(MODEL, 1)) {
            referenceEnergies = one.energiesAndForces(x, referenceForces);
        }
        for (int threads : new int[] {2, 3, 4, 8}) {
            try (BatchEnergyEvaluator many = new BatchEnergyEvaluator(MODEL, threads)) {
                double[] forces = new double[x.length];
                double[] energies = many.energiesAndForces(x, forces);
                assertArrayEquals(referenceEnergies, energies, 0.0, threads + " threads");
                assertArrayEquals(referenceForces, forces, 0.0, threads + " threads");
            }
        }
        double[] single = java.util.Arrays.copyOfRange(x, 21 * 17, 21 * 18);
        double[] f = new double[21];
        assertEquals(MODEL.energyAndForces(single, f), referenceEnergies[17], 0.0);
        assertArrayEquals(f, java.util.Arrays.copyOfRange(referenceForces, 21 * 17, 21 * 18), 0.0);
    }

    @Test
    void refusesPartialConfigurations() {
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(MODEL, 2)) {
            assertThrows(IllegalArgumentException.class, () -> evaluator.energiesAndForces(new double[22],
                    new double[22]));
        }
    }
}
