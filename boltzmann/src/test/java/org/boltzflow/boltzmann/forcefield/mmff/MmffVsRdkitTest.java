package org.boltzflow.boltzmann.forcefield.mmff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;

/**
 * MMFF94 against RDKit 2022.09 on the reference set of {@code data/mmff/}: atom types, per-term and total energies
 * (1e-3 kcal/mol; the terms from the force field's list of terms) and gradients (1e-3 kcal/mol/Angstrom) on every conformer of every molecule both type alike;
 * molecules whose types differ are listed with the cause in {@code data/mmff/type_disagreements.csv}.
 */
class MmffVsRdkitTest {
    private static final double ENERGY_TOLERANCE = 1e-3;
    private static final double GRADIENT_TOLERANCE = 1e-3;
    private static final String[] TERMS = {"total", "bond", "angle", "stretch_bend", "oop", "torsion", "vdw", "electrostatic"};

    @Test
    void atomTypesAndChargesAgreeWithRdkitExceptListedDisagreements() {
        MmffReferenceSet set = MmffReferenceSet.load();
        Map<Integer, MmffReferenceSet.Conformer> first = new HashMap<>();
        set.conformers.forEach(c -> first.putIfAbsent(c.molecule(), c));
        assertTrue(first.size() >= 100, "at least 100 molecules");
        List<String> unexpected = new ArrayList<>();
        for (var c : first.values()) {
            MmffForceField ff = MmffForceField.of(c.mol());
            int[] ours = ff.atomTypes();
            double[] q = ff.partialCharges();
            double[] rq = set.rdkitCharges.get(c.molecule());
            boolean agree = Arrays.equals(ours, set.rdkitTypes.get(c.molecule()));
            for (int i = 0; i < q.length && agree; i++) {
                agree = Math.abs(q[i] - rq[i]) < 1e-5;
            }
            if (agree == set.typeDisagreements.containsKey(c.molecule())) {
                unexpected.add(c.molecule() + " " + c.name() + " cdk=" + Arrays.toString(ours) + " rdkit="
                        + Arrays.toString(set.rdkitTypes.get(c.molecule())) + " q=" + Arrays.toString(q) + " rq="
                        + Arrays.toString(rq));
            }
        }
        assertEquals(List.of(), unexpected, "type agreement differs from type_disagreements.csv");
    }

    @Test
    void energiesAndGradientsMatchRdkit() {
        MmffReferenceSet set = MmffReferenceSet.load();
        double[] maxError = new double[TERMS.length];
        double maxGradient = 0;
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (var c : set.conformers) {
            if (set.typeDisagreements.containsKey(c.molecule())) {
                continue;
            }
            MmffForceField ff = MmffForceField.of(c.mol());
            double[] x = MmffReferenceSet.angstrom(c.mol());
            double[] grad = new double[x.length];
            double[] ours = new double[TERMS.length];
            ours[0] = ff.evaluate(x, grad);
            double[] terms = ff.termEnergies(MoleculeSdf.coordinatesNm(c.mol()));
            for (int t = 0; t < terms.length; t++) {
                ours[t + 1] = terms[t] / Units.KJ_PER_KCAL;
            }
            StringBuilder bad = new StringBuilder();
            for (int t = 0; t < TERMS.length; t++) {
                double error = Math.abs(ours[t] - c.energies()[t]);
                maxError[t] = Math.max(maxError[t], error);
                if (error > ENERGY_TOLERANCE) {
                    bad.append(String.format(" %s %.5f vs %.5f;", TERMS[t], ours[t], c.energies()[t]));
                }
            }
            double gradientError = 0;
            for (int i = 0; i < grad.length; i++) {
                gradientError = Math.max(gradientError, Math.abs(grad[i] - c.gradient()[i]));
            }
            maxGradient = Math.max(maxGradient, gradientError);
            if (gradientError > GRADIENT_TOLERANCE) {
                bad.append(String.format(" gradient %.5f;", gradientError));
            }
            if (bad.length() > 0) {
                failures.add(c.record() + " " + c.name() + "/" + c.kind() + ":" + bad);
            }
            compared++;
        }
        StringBuilder summary = new StringBuilder("compared " + compared + " conformers; max |dE| kcal/mol:");
        for (int t = 0; t < TERMS.length; t++) {
            summary.append(String.format(" %s=%.2e", TERMS[t], maxError[t]));
        }
        summary.append(String.format("; max |dG| = %.2e kcal/mol/A", maxGradient));
        System.out.println(summary);
        failures.forEach(System.out::println);
        assertArrayEquals(new String[0], failures.toArray(new String[0]), summary.toString());
    }
}
