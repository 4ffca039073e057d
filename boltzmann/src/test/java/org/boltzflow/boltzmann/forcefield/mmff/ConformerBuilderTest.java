package org.boltzflow.boltzmann.forcefield.mmff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;

/** SMILES to minimized 3D for every molecule of the MMFF94 reference set: converged, no clashes, bonds at rest. */
class ConformerBuilderTest {
    private static final double BOND_TOLERANCE_NM = 0.01;
    private static final double CLASH_NM = 0.12;

    @Test
    void everyReferenceMoleculeGetsAValid3dStructure() {
        Map<String, String> smiles = new LinkedHashMap<>();
        for (var c : MmffReferenceSet.load().conformers) {
            smiles.putIfAbsent(c.name(), c.mol().getProperty("smiles"));
        }
        ConformerBuilder builder = new ConformerBuilder(7);
        List<String> problems = new ArrayList<>();
        double worstBond = 0;
        for (var entry : smiles.entrySet()) {
            ConformerBuilder.Conformer conformer = builder.build(entry.getValue());
            double[] x = MoleculeSdf.coordinatesNm(conformer.molecule());
            MmffForceField ff = conformer.forceField();
            if (!conformer.minimization().converged()) {
                problems.add(entry.getKey() + ": not converged, max force " + conformer.minimization().maxForce());
            }
            int[][] bonds = ff.bonds();
            double[] r0 = ff.bondRestLengths();
            for (int b = 0; b < bonds.length; b++) {
                double deviation = Math.abs(distance(x, bonds[b][0], bonds[b][1]) - r0[b]);
                worstBond = Math.max(worstBond, deviation);
                if (deviation > BOND_TOLERANCE_NM) {
                    problems.add(entry.getKey() + ": bond " + b + " off rest length by " + deviation + " nm");
                }
            }
            int[][] neighbors = conformer.molecule().getAtomCount() == 0 ? new int[0][] : neighbours(ff);
            for (int i = 0; i < ff.atomCount(); i++) {
                for (int j = i + 1; j < ff.atomCount(); j++) {
                    if (!nearInGraph(neighbors, i, j) && distance(x, i, j) < CLASH_NM) {
                        problems.add(entry.getKey() + ": atoms " + i + " and " + j + " clash at " + distance(x, i, j));
                    }
                }
            }
        }
        System.out.printf("built %d molecules; worst bond deviation from MMFF rest length %.4f A%n", smiles.size(),
                10 * worstBond);
        assertEquals(List.of(), problems);
    }

    @Test
    void buildingIsDeterministic() {
        double[] a = MoleculeSdf.coordinatesNm(new ConformerBuilder(3).build("CC(=O)NC(C)C(=O)NC").molecule());
        double[] b = MoleculeSdf.coordinatesNm(new ConformerBuilder(3).build("CC(=O)NC(C)C(=O)NC").molecule());
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void badSmilesIsRejectedWithTheSmiles() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ConformerBuilder(1).build("C1CC(("));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("C1CC(("));
    }

    private static int[][] neighbours(MmffForceField ff) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < ff.atomCount(); i++) {
            lists.add(new ArrayList<>());
        }
        for (int[] b : ff.bonds()) {
            lists.get(b[0]).add(b[1]);
            lists.get(b[1]).add(b[0]);
        }
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** Bonded or sharing a neighbour (1-2 or 1-3). */
    private static boolean nearInGraph(int[][] neighbors, int i, int j) {
        for (int a : neighbors[i]) {
            if (a == j) {
                return true;
            }
            for (int b : neighbors[a]) {
                if (b == j) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double distance(double[] x, int i, int j) {
        double dx = x[3 * i] - x[3 * j];
        double dy = x[3 * i + 1] - x[3 * j + 1];
        double dz = x[3 * i + 2] - x[3 * j + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
