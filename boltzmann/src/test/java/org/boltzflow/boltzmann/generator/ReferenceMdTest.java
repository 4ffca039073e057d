package org.boltzflow.boltzmann.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.junit.jupiter.api.Test;

/** Chains from one common starting structure or from one structure each. */
class ReferenceMdTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));

    @Test
    void eachChainStartsFromItsOwnStructure() throws IOException {
        AmberForceField ff = AmberForceField.load(DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop"),
                Solvent.VACUUM);
        double[] a = PdbFile.read(DATA.resolve("alanine-dipeptide/alanine-dipeptide.pdb")).trajectory().frame(0);
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.01 * Math.sin(i);
        }
        ReferenceMd md = new ReferenceMd(new ThermodynamicState(ff, 300), ff.topology().masses(),
                new ReferenceMd.Settings(2, 0, 5, 5, 0.001, 1.0), 3);

        Trajectory fromA = md.run(a, 2, n -> { });
        Trajectory fromB = md.run(b, 1, n -> { });
        Trajectory own = md.run(List.of(a, b), 2, n -> { }, () -> false);

        assertEquals(2, own.frameCount());
        assertArrayEquals(fromA.frame(0), own.frame(0), 0, "chain 0 from the first structure");
        assertArrayEquals(fromB.frame(1), own.frame(1), 0, "chain 1, its own seed, from the second structure");
        assertFalse(Arrays.equals(fromA.frame(1), own.frame(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> md.run(List.of(a), 2, n -> { }, () -> false));
        assertEquals("reference MD has 2 chains but 1 starting structures", e.getMessage());
    }
}
