package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.boltzmann.topology.Topology;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class ZMatrixBuilderTest {
    private static final Topology ALANINE = TestMolecules.alanineDipeptide().topology();

    private static boolean hydrogen(Topology t, int atom) {
        return t.atoms().get(atom).element().equals("H");
    }

    private static Set<Set<Integer>> bondSet(Topology t) {
        Set<Set<Integer>> bonds = new HashSet<>();
        t.bonds().forEach(b -> bonds.add(Set.of(b[0], b[1])));
        return bonds;
    }

    @Test
    void alanineDipeptideHasHeavyAtomsFirstHydrogensAfterTheirAtomAndProperTorsions() {
        assertEquals(21, ALANINE.bonds().size());
        ZMatrix z = ZMatrixBuilder.build(ALANINE);
        List<ZMatrix.Entry> entries = z.entries();
        assertEquals(22, entries.size());
        for (int i = 0; i < 22; i++) {
            assertEquals(i >= 10, hydrogen(ALANINE, entries.get(i).atom()), "entry " + i + " " + entries.get(i));
        }
        Set<Set<Integer>> bonds = bondSet(ALANINE);
        for (ZMatrix.Entry e : entries.subList(1, 22)) {
            assertTrue(bonds.contains(Set.of(e.atom(), e.bond())), "bond partner of " + e);
        }
        for (ZMatrix.Entry e : entries.subList(2, 22)) {
            assertTrue(bonds.contains(Set.of(e.bond(), e.angle())), "angle partner of " + e);
        }
        int siblings = 0;
        for (ZMatrix.Entry e : entries.subList(3, 22)) {
            boolean proper = bonds.contains(Set.of(e.angle(), e.dihedral()));
            boolean sibling = bonds.contains(Set.of(e.bond(), e.dihedral()));
            assertTrue(proper || sibling, "proper torsion or sibling dihedral " + e);
            siblings += sibling ? 1 : 0;
        }
        // 7 bonds carry one proper torsion each (phi, psi, both peptide bonds, three methyl rotors); the other
        // 12 dihedrals are siblings (O, CB, HA, the amide H and the second and third methyl hydrogens)
        assertEquals(12, siblings);
        Set<List<Integer>> torsions = new HashSet<>();
        for (ZMatrix.Entry e : entries.subList(3, 22)) {
            torsions.add(List.of(e.atom(), e.bond(), e.angle(), e.dihedral()));
            torsions.add(List.of(e.dihedral(), e.angle(), e.bond(), e.atom()));
        }
        assertTrue(torsions.contains(List.of(4, 6, 8, 14)), "phi = C-N-CA-C is a Z-matrix dihedral");
        assertTrue(torsions.contains(List.of(6, 8, 14, 16)), "psi = N-CA-C-N is a Z-matrix dihedral");
    }

    @Test
    void relativeZMatrixPlacesHydrogensOnTheirHeavyAtoms() {
        int[] heavy = ZMatrixBuilder.heavyAtoms(ALANINE);
        assertArrayEquals(new int[] {1, 4, 5, 6, 8, 10, 14, 15, 16, 18}, heavy);
        ZMatrix z = ZMatrixBuilder.relativeTo(ALANINE, heavy);
        assertEquals(12, z.entries().size());
        Set<Set<Integer>> bonds = bondSet(ALANINE);
        for (ZMatrix.Entry e : z.entries()) {
            assertTrue(hydrogen(ALANINE, e.atom()) && !hydrogen(ALANINE, e.bond()), e.toString());
            assertTrue(bonds.contains(Set.of(e.atom(), e.bond())), e.toString());
            assertEquals(3, e.references());
        }
    }

    @Test
    void disconnectedGraphsAreRejectedNamingTheAtoms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZMatrixBuilder.build(CdkTopology.fromSmiles("CC.O")));
        assertTrue(e.getMessage().contains("disconnected") && e.getMessage().contains("O3"), e.getMessage());
    }

    @Test
    void explicitZMatricesAreCheckedAndNameTheAtoms() {
        ZMatrix.Entry origin = new ZMatrix.Entry(0, -1, -1, -1);
        ZMatrix.Entry second = new ZMatrix.Entry(1, 0, -1, -1);
        ZMatrix.Entry third = new ZMatrix.Entry(2, 1, 0, -1);
        ZMatrix ok = ZMatrix.global(4, List.of(origin, second, third, new ZMatrix.Entry(3, 2, 1, 0)));
        assertEquals(ok.toJson(), ZMatrix.fromJson(ok.toJson()).toJson());
        assertMessage("not placed before", () -> ZMatrix.global(4, List.of(origin, second, third,
                new ZMatrix.Entry(3, 2, 1, 3))));
        assertMessage("atom 2 is placed twice", () -> ZMatrix.global(4, List.of(origin, second, third,
                new ZMatrix.Entry(2, 1, 0, -1))));
        assertMessage("atom 3 is neither fixed nor placed", () -> ZMatrix.global(4, List.of(origin, second, third)));
        assertMessage("needs exactly 3 references", () -> ZMatrix.global(4, List.of(origin, second, third,
                new ZMatrix.Entry(3, 2, 1, -1))));
        assertMessage("uses atom 1 twice", () -> ZMatrix.global(4, List.of(origin, second, third,
                new ZMatrix.Entry(3, 1, 1, 0))));
        assertMessage("at least 3 of them", () -> new ZMatrix(4, new int[] {0, 1}, List.of()));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void cdkTopologiesCarryElementsAndBondsAndRejectImplicitHydrogens() throws Exception {
        Topology ethanol = CdkTopology.fromSmiles("CCO");
        assertEquals(9, ethanol.atomCount());
        assertEquals(8, ethanol.bonds().size());
        assertEquals("O", ethanol.atoms().get(2).element());
        assertEquals(15.999, ethanol.atoms().get(2).mass(), 1e-2);
        IAtomContainer implicit = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CCO");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdkTopology.of(implicit));
        assertTrue(e.getMessage().contains("implicit hydrogen"), e.getMessage());
        ZMatrix z = ZMatrixBuilder.build(ethanol);
        assertEquals(Arrays.asList(0, 1, 2), z.entries().subList(0, 3).stream().map(ZMatrix.Entry::atom).sorted()
                .toList());
    }
}
