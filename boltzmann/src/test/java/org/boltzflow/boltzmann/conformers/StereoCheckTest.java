package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.boltzflow.boltzmann.forcefield.mmff.ConformerBuilder;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;

class StereoCheckTest {
    private static IAtomContainer built(String smiles) {
        MoleculeInput input = MoleculeInput.fromSmiles(smiles, null, false);
        return new ConformerBuilder(3).build(input.molecule()).molecule();
    }

    @Test
    void aTetrahedralCentreIsKeptByRotationAndLostByReflection() {
        IAtomContainer alanine = built("C[C@H](N)C(=O)O");
        StereoCheck check = StereoCheck.of(alanine);
        assertEquals(1, check.centreCount());
        assertEquals(0, check.doubleBondCount());
        double[] xyz = MoleculeSdf.coordinatesNm(alanine);
        assertTrue(check.keeps(xyz));
        double[] rotated = new double[xyz.length];
        for (int k = 0; k < xyz.length; k += 3) {
            rotated[k] = -xyz[k + 1];
            rotated[k + 1] = xyz[k];
            rotated[k + 2] = xyz[k + 2] + 1.0;
        }
        assertTrue(check.keeps(rotated));
        assertFalse(check.keeps(MirrorImages.of(xyz)));
    }

    @Test
    void theBuildRealizesTheSmilesStereoAndItsMirrorImageDoesNot() {
        IAtomContainer alanine = built("C[C@H](N)C(=O)O");
        assertTrue(StereoCheck.realizesSpecifiedStereo(alanine));
        MoleculeSdf.setCoordinatesNm(alanine, MirrorImages.of(MoleculeSdf.coordinatesNm(alanine)));
        assertFalse(StereoCheck.realizesSpecifiedStereo(alanine));
    }

    @Test
    void aTransDoubleBondRejectsTheCisIsomer() {
        IAtomContainer trans = built("C/C=C/C");
        IAtomContainer cis = built("C/C=C\\C");
        StereoCheck check = StereoCheck.of(trans);
        assertEquals(1, check.doubleBondCount());
        assertTrue(check.keeps(MoleculeSdf.coordinatesNm(trans)));
        assertFalse(check.keeps(MoleculeSdf.coordinatesNm(cis)));
        assertTrue(StereoCheck.of(cis).keeps(MoleculeSdf.coordinatesNm(cis)));
    }

    @Test
    void onlyAMoleculeWithoutTetrahedralCentresIsReflectionSymmetric() {
        assertTrue(StereoCheck.of(built("CCN(CC)CC(=O)Nc1c(C)cccc1C")).reflectionSymmetric());
        assertTrue(StereoCheck.of(built("C/C=C/C")).reflectionSymmetric());
        assertFalse(StereoCheck.of(built("C[C@H](N)C(=O)O")).reflectionSymmetric());
        assertFalse(StereoCheck.of(built("CC(N)C(=O)O")).reflectionSymmetric());
    }
}
