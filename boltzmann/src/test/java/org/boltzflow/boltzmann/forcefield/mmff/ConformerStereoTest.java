package org.boltzflow.boltzmann.forcefield.mmff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.boltzflow.boltzmann.coordinates.Vectors;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;

/** The 3D build keeps the stereochemistry the SMILES asks for: tetrahedral centres and double-bond geometry. */
class ConformerStereoTest {
    @Test
    void enantiomersBuildWithOppositeHandedness() {
        double left = signedVolume("N[C@@H](C)C(=O)O", 1, 0, 2, 3);
        double right = signedVolume("N[C@H](C)C(=O)O", 1, 0, 2, 3);
        assertTrue(left * right < 0, left + " vs " + right);
    }

    @Test
    void doubleBondsKeepTheirGeometry() {
        assertEquals(180.0, Math.abs(dihedral("C/C=C/C")), 15.0);
        assertEquals(0.0, dihedral("C/C=C\\C"), 15.0);
    }

    private static double signedVolume(String smiles, int centre, int a, int b, int c) {
        double[] x = MoleculeSdf.coordinatesNm(new ConformerBuilder(11).build(smiles).molecule());
        double[] u = sub(x, a, centre);
        double[] v = sub(x, b, centre);
        double[] w = sub(x, c, centre);
        return u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0]) + u[2] * (v[0] * w[1] - v[1] * w[0]);
    }

    private static double dihedral(String smiles) {
        double[] x = MoleculeSdf.coordinatesNm(new ConformerBuilder(11).build(smiles).molecule());
        return Math.toDegrees(Vectors.dihedral(x, 0, 0, 1, 2, 3));
    }

    private static double[] sub(double[] x, int i, int j) {
        return new double[] {x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1], x[3 * i + 2] - x[3 * j + 2]};
    }
}
