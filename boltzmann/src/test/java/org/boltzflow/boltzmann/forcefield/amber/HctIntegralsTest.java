package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link HctIntegrals} against the textbook HCT formula and finite differences, on pairs at every regime (far,
 * overlapping, inside, zero), with mbondi-like radii and with a tiny radius inside a large scaled sphere.
 */
class HctIntegralsTest {
    private static final double[] DISTANCES = {0.01, 0.05, 0.1, 0.13, 0.2, 0.3, 0.6, 1.5, 4};

    @Test
    void mbondiLikeRadiiMatchTheFormula() {
        double[] rho = {0.111, 0.161, 0.146};
        double[] scaled = {0.094, 0.116, 0.124};
        checkAgainstFormula(rho, scaled, false);
        checkAgainstFormula(rho, scaled, true);
    }

    @Test
    void aTinyRadiusBesideALargeSphereMatchesTheFormula() {
        double[] rho = {0.01, 0.161, 0.146}; // L/U down to 0.01/0.41, far below what mbondi radii give
        double[] scaled = {0.008, 0.2, 0.124};
        checkAgainstFormula(rho, scaled, false);
        checkAgainstFormula(rho, scaled, true);
    }

    private static void checkAgainstFormula(double[] rho, double[] scaled, boolean engulfed) {
        HctIntegrals hct = new HctIntegrals(rho, scaled, engulfed);
        int pairs = 3;
        for (double r01 : DISTANCES) {
            for (double r02 : DISTANCES) {
                double[] r = {r01, r02, 0.25};
                GbScratch s = evaluate(hct, r);
                double[] sum = new double[3];
                int[][] pairAtoms = {{0, 1}, {0, 2}, {1, 2}};
                for (int p = 0; p < pairs; p++) {
                    int i = pairAtoms[p][0];
                    int j = pairAtoms[p][1];
                    double ij = formula(r[p], rho[i], scaled[j], engulfed);
                    double ji = formula(r[p], rho[j], scaled[i], engulfed);
                    assertEquals(ij, s.integral[p], 1e-13 * Math.max(1, Math.abs(ij)), "I_" + i + j + " at " + r[p]);
                    assertEquals(ji, s.integral[p + pairs], 1e-13 * Math.max(1, Math.abs(ji)), "I_" + j + i);
                    double h = 1e-7 * r[p];
                    double slopeIJ = (formula(r[p] + h, rho[i], scaled[j], engulfed)
                            - formula(r[p] - h, rho[i], scaled[j], engulfed)) / (2 * h);
                    assertEquals(slopeIJ, s.slope[p], 1e-5 * Math.max(1, Math.abs(slopeIJ)), "dI_" + i + j + "/dr");
                    sum[i] += ij;
                    sum[j] += ji;
                }
                for (int a = 0; a < 3; a++) {
                    assertEquals(sum[a], s.sum[a], 1e-13 * Math.max(1, Math.abs(sum[a])), "sum of atom " + a);
                }
            }
        }
    }

    private static GbScratch evaluate(HctIntegrals hct, double[] r) {
        GbScratch s = new GbScratch(3);
        PairGeometry pairs = new PairGeometry(PairList.all(3));
        for (int p = 0; p < r.length; p++) {
            pairs.r[p] = r[p];
            pairs.r[p + r.length] = r[p];
            pairs.invR[p] = 1 / r[p];
            pairs.invR[p + r.length] = 1 / r[p];
        }
        hct.evaluate(pairs, s);
        return s;
    }

    /** I_ij as written in the OBC paper and OpenMM's reference code, with OBC2's term for an engulfed atom. */
    private static double formula(double r, double rho, double s, boolean engulfed) {
        double u = r + s;
        if (rho >= u) {
            return 0;
        }
        double l = Math.max(rho, Math.abs(r - s));
        double value = 0.5 * (1 / l - 1 / u + 0.25 * (r - s * s / r) * (1 / (u * u) - 1 / (l * l))
                + 0.5 * Math.log(l / u) / r);
        return engulfed && rho < s - r ? value + 1 / rho - 1 / l : value;
    }
}
