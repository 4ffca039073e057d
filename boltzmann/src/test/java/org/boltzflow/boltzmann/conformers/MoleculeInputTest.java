package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MoleculeInputTest {
    @Test
    void invalidSmilesAreRefusedWithThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MoleculeInput.fromSmiles("CC(C", null, false));
        assertEquals("invalid SMILES 'CC(C' at position 4: Unclosed branch detected, SMILES may be truncated",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MoleculeInput.fromSmiles("CCXC", null, false));
        assertEquals("invalid SMILES 'CCXC' at position 3: unexpected character", e.getMessage());
    }

    @Test
    void unsupportedElementsAreNamedWithTheirAtoms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MoleculeInput.fromSmiles("CCB(C)C", null, false));
        assertTrue(e.getMessage().startsWith("unsupported element B (atom 3): MMFF94 covers"), e.getMessage());
    }

    @Test
    void saltsKeepTheLargestFragmentWithAWarningUnlessFragmentsAreKept() {
        MoleculeInput acetate = MoleculeInput.fromSmiles("CC(=O)[O-].[Na+]", "sodium acetate", false);
        assertEquals(7, acetate.molecule().getAtomCount());
        assertEquals(1, acetate.warnings().size());
        assertTrue(acetate.warnings().get(0).contains("[Na+]"), acetate.warnings().get(0));
        assertEquals("sodium acetate", acetate.name());
        MoleculeInput both = MoleculeInput.fromSmiles("CC(=O)O.CO", null, true);
        assertEquals(8 + 6, both.molecule().getAtomCount());
        assertTrue(both.warnings().isEmpty());
        assertFalse(both.has3d());
    }
}
