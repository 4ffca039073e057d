package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.boltzflow.mcmc.estimators.Estimate;
import org.junit.jupiter.api.Test;

/** The agreement of two surfaces, against values worked out by hand. */
class FreeEnergySurfaceTest {
    private static final Axis GRID = new Axis(WeightedEnsembleTest.X, 0, 5, 5);

    @Test
    void agreementAlignsTheZerosAndComparesOnlyLowBinsDefinedInBoth() {
        // bins 0-2 compared; bin 3 undefined in a, bin 4 above the 20 kJ/mol cut in both
        FreeEnergySurface a = surface(new double[] {0, 1, 2, Double.NaN, 30}, new double[] {0, 0.3, 0.4, 1, 1});
        FreeEnergySurface b = surface(new double[] {0.5, 1.5, 3.1, 4, 31}, new double[] {0.2, 0, 0.3, 1, 1});
        FreeEnergySurface.Agreement agreement = a.agreementWith(b, 20);
        // differences -0.5, -0.5, -1.1: shift -0.7, residuals 0.2, 0.2, -0.4
        assertEquals(3, agreement.bins());
        assertEquals(Math.sqrt((0.04 + 0.04 + 0.16) / 3), agreement.rmsKjMol(), 1e-12);
        assertEquals((0.04 / 0.04 + 0.04 / 0.09 + 0.16 / 0.25) / 3, agreement.meanSquaredZ(), 1e-12);
        FreeEnergySurface.Agreement none = a.agreementWith(b, -1);
        assertEquals(0, none.bins());
        assertTrue(Double.isNaN(none.rmsKjMol()));
    }

    @Test
    void surfacesOnDifferentGridsAreRefused() {
        FreeEnergySurface a = surface(new double[] {0, 1, 2, 3, 4}, new double[5]);
        FreeEnergySurface c = new FreeEnergySurface(List.of(new Axis(WeightedEnsembleTest.X, 0, 5, 2)),
                new double[2], new Estimate[] {new Estimate(0, 0), new Estimate(1, 0)});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.agreementWith(c, 20));
        assertTrue(e.getMessage().contains("5 and 2 bins"), e.getMessage());
    }

    private static FreeEnergySurface surface(double[] free, double[] errors) {
        Estimate[] f = new Estimate[free.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = new Estimate(free[k], errors[k]);
        }
        return new FreeEnergySurface(List.of(GRID), new double[free.length], f);
    }
}
