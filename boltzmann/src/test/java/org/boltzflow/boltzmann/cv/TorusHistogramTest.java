package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TorusHistogramTest {
    @Test
    void weightedPairsFallInTheirCellsAndAnglesWrap() {
        TorusHistogram h = TorusHistogram.of(new double[] {-3, 0.5, Math.PI, 3 * Math.PI / 2},
                new double[] {-3, -0.5, 0.1, 1}, new double[] {1, 2, 3, 4}, 2);
        // π wraps to -π (first bin); 3π/2 wraps to -π/2 (first bin)
        assertEquals(0.1, h.mass(0, 0), 1e-15);
        assertEquals(0.3 + 0.4, h.mass(0, 1), 1e-15);
        assertEquals(0.2, h.mass(1, 0), 1e-15);
        assertEquals(0.0, h.mass(1, 1), 1e-15);
    }

    @Test
    void klDivergenceMatchesTheHandComputedSumWithTheFloorForEmptyCells() {
        TorusHistogram p = TorusHistogram.of(new double[] {-1, -1, 1}, new double[] {-1, 1, 1}, new double[] {0.5,
            0.3, 0.2}, 2);
        TorusHistogram q = TorusHistogram.of(new double[] {-1, -1}, new double[] {-1, 1}, new double[] {0.6, 0.4}, 2);
        double expected = 0.5 * Math.log(0.5 / 0.6) + 0.3 * Math.log(0.3 / 0.4) + 0.2 * Math.log(0.2 / 1e-10);
        assertEquals(expected, p.klDivergenceTo(q, 1e-10), 1e-14);
        assertEquals(0.0, p.klDivergenceTo(p, 1e-10), 1e-15);
    }

    @Test
    void klToOwnDrawsOfAUniformHistogramIsTheChiSquareTerm() {
        int bins = 10;
        int cells = bins * bins;
        double[] x = new double[cells];
        double[] y = new double[cells];
        for (int k = 0; k < cells; k++) {
            x[k] = -Math.PI + (k / bins + 0.5) * 2 * Math.PI / bins;
            y[k] = -Math.PI + (k % bins + 0.5) * 2 * Math.PI / bins;
        }
        TorusHistogram uniform = TorusHistogram.of(x, y, null, bins);
        int draws = 100_000;
        // many draws per cell: KL ≈ χ²/(2n) with C - 1 degrees of freedom
        assertEquals((cells - 1) / (2.0 * draws), uniform.klToOwnDraws(draws, 20, 1e-10, 7), 0.1 * (cells - 1)
                / (2.0 * draws));
    }

    @Test
    void klToOwnDrawsOfARareCellIsItsExpectationOverTheBinomialCount() {
        double rare = 1e-4;
        int draws = 1000;
        double floor = 1e-10;
        TorusHistogram h = TorusHistogram.of(new double[] {-1, 1}, new double[] {-1, 1}, new double[] {1 - rare,
            rare}, 2);
        // exact: the rare cell receives k ~ Binomial(n, rare) draws; empty, it counts with the floor
        double expected = 0;
        double logChoose = 0;
        for (int k = 0; k <= draws; k++) {
            if (k > 0) {
                logChoose += Math.log((draws - k + 1.0) / k);
            }
            double probability = Math.exp(logChoose + k * Math.log(rare) + (draws - k) * Math.log1p(-rare));
            double q = (double) k / draws;
            double common = 1 - q > 0 ? (1 - rare) * Math.log((1 - rare) / (1 - q)) : (1 - rare) * Math.log(
                (1 - rare) / floor);
            expected += probability * (common + rare * Math.log(rare / Math.max(q, floor)));
        }
        assertEquals(expected, h.klToOwnDraws(draws, 2000, floor, 11), 0.05 * expected);
        assertEquals(h.klToOwnDraws(draws, 50, floor, 3), h.klToOwnDraws(draws, 50, floor, 3));
    }

    @Test
    void klToOwnDrawsRefusesNoDraws() {
        TorusHistogram h = TorusHistogram.of(new double[] {0}, new double[] {0}, null, 4);
        assertThrows(IllegalArgumentException.class, () -> h.klToOwnDraws(0, 1, 1e-10, 1));
    }
}
