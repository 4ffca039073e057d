package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.boltzflow.boltzmann.coordinates.Superposition;
import org.boltzflow.boltzmann.forcefield.mmff.ConformerBuilder;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;

class HeavyAtomSymmetryTest {
    @Test
    void symmetryEquivalentAtomsSwappedGiveZeroRmsd() {
        MoleculeInput input = MoleculeInput.fromSmiles("CC(C)O", null, false);
        IAtomContainer mol = new ConformerBuilder(5).build(input.molecule()).molecule();
        HeavyAtomSymmetry symmetry = HeavyAtomSymmetry.of(mol);
        assertEquals(2, symmetry.automorphismCount());
        double[] xyz = MoleculeSdf.coordinatesNm(mol);
        double[] swapped = xyz.clone();
        System.arraycopy(xyz, 0, swapped, 6, 3);
        System.arraycopy(xyz, 6, swapped, 0, 3);
        int[] heavy = symmetry.heavyAtoms();
        assertTrue(Superposition.rmsd(select(xyz, heavy), select(swapped, heavy)) > 0.01);
        assertEquals(0, symmetry.rmsd(xyz, swapped), 1e-6);
    }

    @Test
    void aromaticRingsAndCarboxylsCountTheirSymmetries() {
        assertEquals(2, automorphisms("OC(=O)c1ccccc1"));
        assertEquals(1, automorphisms("OC(=O)c1ccccc1F"));
        assertEquals(6, automorphisms("CC(C)(C)O"));
    }

    private static int automorphisms(String smiles) {
        return HeavyAtomSymmetry.of(MoleculeInput.fromSmiles(smiles, null, false).molecule()).automorphismCount();
    }

    private static double[] select(double[] xyz, int[] atoms) {
        double[] out = new double[3 * atoms.length];
        for (int i = 0; i < atoms.length; i++) {
            System.arraycopy(xyz, 3 * atoms[i], out, 3 * i, 3);
        }
        return out;
    }
}
