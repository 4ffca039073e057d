package org.boltzflow.boltzmann.forcefield.mmff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/** Typing refusals name the atoms and the reason; the caller's molecule is left as it was. */
class MmffTypingTest {
    @Test
    void implicitHydrogensAreRefusedNamingTheAtom() throws Exception {
        IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CO");
        var e = assertThrows(MmffTypingException.class, () -> MmffForceField.of(mol));
        assertTrue(e.getMessage().contains("atom 1 (C) has 3 implicit hydrogen"), e.getMessage());
    }

    @Test
    void elementsMmffDoesNotCoverAreNamed() {
        IAtomContainer mol = ConformerBuilder.parse("CB(C)C");
        var e = assertThrows(MmffTypingException.class, () -> MmffForceField.of(mol));
        assertTrue(e.getMessage().contains("B2"), e.getMessage());
    }

    @Test
    void typingLeavesTheCallersMoleculeUntouched() {
        IAtomContainer mol = ConformerBuilder.parse("c1ccccc1C(=O)[O-]");
        String before = mol.getAtom(0).getAtomTypeName();
        MmffForceField ff = MmffForceField.of(mol);
        assertArrayEquals(new int[] {37, 37, 37, 37, 37, 37, 41, 32, 32, 5, 5, 5, 5, 5}, ff.atomTypes());
        assertTrue(java.util.Objects.equals(before, mol.getAtom(0).getAtomTypeName()));
    }
}
