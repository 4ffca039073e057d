package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LennardJonesTableTest {
    @Test
    void standardTableCombinesPerTypeParametersLikeOpenMm() throws IOException {
        Prmtop p = PrmtopReader.read(PrmtopReaderTest.ALA2);
        LennardJonesTable table = new LennardJonesTable(p);
        assertTrue(table.combined());
        // CH3 carbon (atom 1) with carbonyl oxygen (atom 5): the combination reproduces the 9-digit table entry
        int index = p.ljPairIndex()[p.typeCount() * p.atomTypeIndex()[1] + p.atomTypeIndex()[5]] - 1;
        double[] ab = table.pair(1, 5);
        assertEquals(p.ljA()[index] * 4.184e-12, ab[0], 1e-8 * ab[0]);
        assertEquals(p.ljB()[index] * 4.184e-6, ab[1], 1e-8 * ab[1]);
    }

    @Test
    void nbfixTableIsUsedAsWritten() throws IOException {
        List<String> lines = PrmtopReaderTest.lines();
        int flag = lines.indexOf(lines.stream().filter(l -> l.startsWith("%FLAG LENNARD_JONES_ACOEF")).findFirst()
                .orElseThrow());
        Prmtop original = PrmtopReader.read(PrmtopReaderTest.ALA2);
        int index = original.ljPairIndex()[original.typeCount() * original.atomTypeIndex()[1]
                + original.atomTypeIndex()[5]] - 1;
        int line = flag + 2 + index / 5;
        int column = 16 * (index % 5);
        double modified = original.ljA()[index] * 1.5;
        String row = lines.get(line);
        lines.set(line, row.substring(0, column) + String.format("%16.8E", modified) + row.substring(column + 16));
        LennardJonesTable table = new LennardJonesTable(PrmtopReader.read("nbfix.prmtop", lines));
        assertFalse(table.combined());
        assertEquals(modified * 4.184e-12, table.pair(1, 5)[0], 1e-8 * modified * 4.184e-12);
        assertEquals(new LennardJonesTable(original).pair14(1, 5)[0], table.pair14(1, 5)[0], 0.0);
    }
}
