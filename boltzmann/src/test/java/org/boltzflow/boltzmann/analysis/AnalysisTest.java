package org.boltzflow.boltzmann.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnalysisTest {
    @Test
    void dihedralFollowsTheIupacSignConvention() {
        double[] xyz = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1};
        assertEquals(Math.PI / 2, new Dihedral("t", 0, 1, 2, 3).of(xyz), 1e-14);
        double[] mirrored = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, -1, 1};
        assertEquals(-Math.PI / 2, new Dihedral("t", 0, 1, 2, 3).of(mirrored), 1e-14);
        double[] trans = {1, 0, 0, 0, 0, 0, 0, 0, 1, -1, 0, 1};
        assertEquals(-Math.PI, new Dihedral("t", 0, 1, 2, 3).of(trans), 1e-14);
    }

    @Test
    void basinsPartitionTheTorus() {
        for (double phi = -Math.PI; phi < Math.PI; phi += 0.013) {
            for (double psi = -Math.PI; psi < Math.PI; psi += 0.017) {
                final double f = phi;
                final double s = psi;
                assertEquals(1, AlanineDipeptide.BASINS.stream().filter(b -> b.contains(f, s)).count(),
                        "phi " + phi + " psi " + psi);
            }
        }
        assertTrue(AlanineDipeptide.C7EQ_BETA.contains(-2.5, 2.8));
        assertTrue(AlanineDipeptide.C7EQ_BETA.contains(-2.5, -3.0));
        assertTrue(AlanineDipeptide.ALPHA_R.contains(-1.3, -0.7));
        assertTrue(AlanineDipeptide.ALPHA_L.contains(1.0, 0.7));
        assertTrue(AlanineDipeptide.C7AX.contains(1.2, -1.0));
        assertFalse(AlanineDipeptide.ALPHA_R.contains(1.0, 0.7));
    }

    @Test
    void regionsParseAndRefuseNonsense() {
        TorusRegion r = TorusRegion.parse("b:-3.1416,0,0.9,-2.6");
        assertEquals("b", r.name());
        assertTrue(r.contains(-2.0, 3.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorusRegion.parse("b:1,2,x,4"));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorusRegion.parse("1,2,3,4"));
    }

    @Test
    void histogramKlIsZeroForItselfAndPositiveOtherwise() {
        double[] a = {0.1, -2.0, 3.0, 1.0};
        double[] b = {0.2, -1.0, -3.0, 2.0};
        TorusHistogram h = TorusHistogram.of(a, b, null, 60);
        assertEquals(0.0, h.klDivergenceTo(h, 1e-10), 0);
        TorusHistogram weighted = TorusHistogram.of(a, b, new double[] {1, 1, 1, 3}, 60);
        assertEquals(0.5, weighted.mass(TorusHistogram.cell(1.0, 60), TorusHistogram.cell(2.0, 60)), 1e-15);
        double expected = 0.25 * Math.log(0.25 / (1.0 / 6)) * 3 + 0.25 * Math.log(0.25 / 0.5);
        assertEquals(expected, h.klDivergenceTo(weighted, 1e-10), 1e-14);
    }
}
