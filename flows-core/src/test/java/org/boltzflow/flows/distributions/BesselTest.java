package org.boltzflow.flows.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BesselTest {
    /** Reference values: log(i0e(κ)) + κ from PyTorch's Cephes implementation in float64. */
    @Test
    void logI0MatchesReferenceValuesAcrossTheSeriesAndAsymptoticRanges() {
        double[][] reference = {
            {0, 0.0}, {1e-3, 2.4999998440595333e-07}, {0.5, 0.061549719185481355}, {1, 0.23591435850717868},
            {5, 3.3046817758225333}, {19.999, 17.58863575837834}, {20.001, 17.590585099394083},
            {50, 47.1275755018718}, {300, 296.22958759300224}, {1e4, 9994.475903781433},
        };
        for (double[] r : reference) {
            assertEquals(r[1], Bessel.logI0(r[0]), 1e-13 * Math.max(1.0, Math.abs(r[1])) + 1e-20, "kappa " + r[0]);
        }
    }

    @Test
    void negativeOrNonFiniteConcentrationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Bessel.logI0(-1));
        assertThrows(IllegalArgumentException.class, () -> Bessel.logI0(Double.NaN));
    }
}
