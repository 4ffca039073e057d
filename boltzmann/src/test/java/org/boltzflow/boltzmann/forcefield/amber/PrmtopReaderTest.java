package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.topology.Topology;
import org.junit.jupiter.api.Test;

class PrmtopReaderTest {
    static final Path ALA2 = Path.of(System.getProperty("boltzflow.data", "../data"),
            "alanine-dipeptide", "alanine-dipeptide.prmtop");

    static List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(ALA2, StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsAlanineDipeptide() throws IOException {
        Prmtop p = PrmtopReader.read(ALA2);
        assertEquals(22, p.atomCount());
        assertEquals("HH31", p.atomNames()[0]);
        assertEquals("CH3", p.atomNames()[1]);
        assertArrayEquals(new String[] {"ACE", "ALA", "NME"}, p.residueLabels());
        assertArrayEquals(new int[] {0, 6, 16}, p.residueStart());
        assertEquals(21, p.bonds().size());
        assertEquals(36, p.angles().size());
        assertEquals(p.dihedrals().size(), countDihedralRecords());
        assertTrue(p.dihedrals().stream().anyMatch(Prmtop.Dihedral::improper));
        assertTrue(p.dihedrals().stream().anyMatch(d -> !d.pair14()));
        assertEquals(0.1123 * Prmtop.CHARGE_FACTOR, p.charges()[0], 1e-6);
        assertEquals(12.01, p.masses()[1], 1e-12);
        assertEquals(1.2, p.radii()[0], 1e-12);
        assertEquals(0.85, p.screen()[0], 1e-12);
        assertEquals(null, p.sceeScale());
        double charge = 0;
        for (double q : p.charges()) {
            charge += q / Prmtop.CHARGE_FACTOR;
        }
        assertEquals(0.0, charge, 1e-6);
    }

    @Test
    void topologyHasElementsMassesResiduesAndBonds() throws IOException {
        Topology t = PrmtopReader.read(ALA2).topology();
        assertEquals(22, t.atomCount());
        assertEquals("H", t.atoms().get(0).element());
        assertEquals("C", t.atoms().get(1).element());
        assertEquals("O", t.atoms().get(5).element());
        assertEquals("N", t.atoms().get(6).element());
        assertEquals("ALA", t.atoms().get(8).residueName());
        assertEquals(1, t.atoms().get(8).residueIndex());
        assertEquals(21, t.bonds().size());
        assertArrayEquals(new int[] {0, 2, 3, 4}, t.neighbors()[1]);
        assertEquals(1, t.neighbors()[0].length, "a hydrogen has one bond: bonds to H are included");
    }

    private static int countDihedralRecords() throws IOException {
        List<String> l = lines();
        int[] pointers = new int[32];
        int k = 0;
        for (int i = l.indexOf(l.stream().filter(s -> s.startsWith("%FLAG POINTERS")).findFirst().orElseThrow()) + 2;
                !l.get(i).startsWith("%"); i++) {
            for (String v : l.get(i).trim().split("\\s+")) {
                pointers[k++] = Integer.parseInt(v);
            }
        }
        return pointers[6] + pointers[14];
    }

    @Test
    void truncatedFileNamesFlagAndLine() throws IOException {
        List<String> l = lines();
        List<String> cut = l.subList(0, l.size() - 3);
        PrmtopFormatException e = assertThrows(PrmtopFormatException.class, () -> PrmtopReader.read("cut.prmtop", cut));
        assertTrue(e.getMessage().contains("cut.prmtop"), e.getMessage());
        assertTrue(e.getMessage().contains("%FLAG SCREEN"), e.getMessage());
        assertTrue(e.getMessage().contains("line " + (cut.size())), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingFlagIsNamed() throws IOException {
        List<String> l = lines();
        int flag = indexOf(l, "%FLAG CHARGE");
        int next = indexOf(l, "%FLAG MASS");
        l.subList(flag, next).clear();
        PrmtopFormatException e = assertThrows(PrmtopFormatException.class, () -> PrmtopReader.read("nocharge.prmtop", l));
        assertTrue(e.getMessage().contains("nocharge.prmtop: missing %FLAG CHARGE"), e.getMessage());
    }

    @Test
    void wrongCountNamesFlagAndLines() throws IOException {
        List<String> l = lines();
        int flag = indexOf(l, "%FLAG MASS");
        l.remove(flag + 2); // first data line of MASS: 5 values fewer
        PrmtopFormatException e = assertThrows(PrmtopFormatException.class, () -> PrmtopReader.read("short.prmtop", l));
        assertTrue(e.getMessage().contains("short.prmtop: %FLAG MASS (line " + (flag + 1) + ") holds 17 values but 22"),
                e.getMessage());
        assertFalse(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void nonNumericFieldNamesLine() throws IOException {
        List<String> l = lines();
        int flag = indexOf(l, "%FLAG BOND_EQUIL_VALUE");
        l.set(flag + 2, "  1.09000000X+00" + l.get(flag + 2).substring(16));
        PrmtopFormatException e = assertThrows(PrmtopFormatException.class, () -> PrmtopReader.read("bad.prmtop", l));
        assertTrue(e.getMessage().startsWith("bad.prmtop:" + (flag + 3) + ": %FLAG BOND_EQUIL_VALUE: '1.09000000X+00'"),
                e.getMessage());
    }

    @Test
    void formatDecidesFieldWidths() throws IOException {
        List<String> l = lines();
        int flag = indexOf(l, "%FLAG ATOM_TYPE_INDEX");
        int next = indexOf(l, "%FLAG NUMBER_EXCLUDED_ATOMS");
        int[] types = PrmtopReader.read(ALA2).atomTypeIndex();
        List<String> rewritten = new ArrayList<>(List.of(l.get(flag), "%FORMAT(22I3)"));
        StringBuilder line = new StringBuilder();
        for (int t : types) {
            line.append(String.format("%3d", t + 1));
        }
        rewritten.add(line.toString());
        l.subList(flag, next).clear();
        l.addAll(flag, rewritten);
        assertArrayEquals(types, PrmtopReader.read("narrow.prmtop", l).atomTypeIndex());
    }

    @Test
    void periodicBoxIsRefused() throws IOException {
        List<String> l = lines();
        int flag = indexOf(l, "%FLAG POINTERS");
        String row = l.get(flag + 4); // third data row: IFBOX is its 8th field
        l.set(flag + 4, row.substring(0, 56) + "       1" + row.substring(64));
        PrmtopFormatException e = assertThrows(PrmtopFormatException.class, () -> PrmtopReader.read("box.prmtop", l));
        assertTrue(e.getMessage().contains("IFBOX = 1"), e.getMessage());
    }

    @Test
    void unsupportedTermsAreRefusedNotIgnored() throws IOException {
        List<String> l = lines();
        l.addAll(List.of("%FLAG CMAP_COUNT", "%FORMAT(2I8)", "       1       1"));
        PrmtopFormatException e = assertThrows(PrmtopFormatException.class, () -> PrmtopReader.read("cmap.prmtop", l));
        assertTrue(e.getMessage().contains("cmap.prmtop: %FLAG CMAP_COUNT is not supported"), e.getMessage());
    }

    @Test
    void readsParmEdPrmtopWithScaleFactorsAndAtomicNumbers() throws IOException {
        Prmtop p = PrmtopReader.read(ALA2.getParent().resolveSibling("peptide-kd").resolve("peptide-kd.prmtop"));
        assertEquals(37, p.atomCount());
        assertEquals(p.dihedralK().length, p.sceeScale().length);
        int last = p.dihedralK().length - 1;
        assertEquals(1.0, p.sceeScale()[0], 1e-12);
        assertEquals(1.2, p.sceeScale()[last], 1e-12);
        assertEquals(2.0, p.scnbScale()[last], 1e-12);
        assertEquals("N", p.elements()[0]);
        assertArrayEquals(new String[] {"LYS", "ASP"}, p.residueLabels());
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(prefix);
    }
}
