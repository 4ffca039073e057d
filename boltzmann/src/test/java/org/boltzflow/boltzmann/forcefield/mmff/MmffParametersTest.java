package org.boltzflow.boltzmann.forcefield.mmff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The MMFF94 tables: the exact torsions kept next to the code agree with CDK's rounded copy entry by entry. */
class MmffParametersTest {
    @Test
    void exactTorsionsAgreeWithCdksHalvedRoundedTable() throws IOException {
        MmffParameters p = MmffParameters.standard();
        int compared = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(MmffParameters.class.getResourceAsStream(
                "/org/openscience/cdk/modeling/forcefield/data/mmff94.prm"), StandardCharsets.ISO_8859_1))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (!f[0].equals("torsion")) {
                    continue;
                }
                int[] t = {p.numericTypeOfCdkName(f[2]), p.numericTypeOfCdkName(f[3]), p.numericTypeOfCdkName(f[4]),
                        p.numericTypeOfCdkName(f[5])};
                double[] v = p.torsion(Integer.parseInt(f[1]), t[0], t[1], t[2], t[3]);
                if (t[1] == 37 && t[2] == 37 && f[1].equals("2")) {
                    continue; // four CDK-only class-2 aromatic entries no MMFF94 torsion can reach
                }
                assertNotNull(v, line);
                double[] cdk = {2 * Double.parseDouble(f[6]), -2 * Double.parseDouble(f[7]), 2 * Double.parseDouble(f[8])};
                assertArrayEquals(cdk, v, 0.0011, line);
                compared++;
            }
        }
        assertEquals(923, compared);
    }

    @Test
    void tablesTranslateCdkUnitsBackToMmffUnits() {
        MmffParameters p = MmffParameters.standard();
        assertArrayEquals(new double[] {1.508, 4.258}, p.bond(0, 1, 1), 1e-12);
        assertArrayEquals(new double[] {1.200, 15.206}, p.bond(0, 4, 4), 1e-12);
        assertArrayEquals(new double[] {109.608, 0.851}, p.angle(0, 1, 1, 1), 1e-12);
        assertArrayEquals(new double[] {180.0, 0.281}, p.angle(0, 4, 4, 5), 1e-12);
        assertEquals(0.020, p.outOfPlane(2, 0, 0, 0), 1e-12);
        assertArrayEquals(new double[] {0.284, -1.386, 0.314}, p.torsion(0, 5, 1, 1, 5), 1e-12);
    }
}
