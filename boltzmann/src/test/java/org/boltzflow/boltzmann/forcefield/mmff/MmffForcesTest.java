package org.boltzflow.boltzmann.forcefield.mmff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;

/**
 * Analytic MMFF94 forces against central finite differences of the energy, and the kJ/mol-nm interface against the
 * kcal/mol-Angstrom internals.
 */
class MmffForcesTest {
    private static final double STEP_NM = 1e-6;

    @Test
    void forcesMatchFiniteDifferencesOnPerturbedConformers() {
        MmffReferenceSet set = MmffReferenceSet.load();
        int checked = 0;
        double worst = 0;
        for (var c : set.conformers) {
            if (!c.kind().equals("perturbed") || c.molecule() % 5 != 0) {
                continue;
            }
            MmffForceField ff = MmffForceField.of(c.mol());
            double[] x = MoleculeSdf.coordinatesNm(c.mol());
            double[] forces = new double[x.length];
            ff.energyAndForces(x, forces);
            for (int k = 0; k < x.length; k++) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[k] += STEP_NM;
                minus[k] -= STEP_NM;
                double numeric = -(ff.energy(plus) - ff.energy(minus)) / (2 * STEP_NM);
                double error = Math.abs(numeric - forces[k]);
                worst = Math.max(worst, error / Math.max(1.0, Math.abs(forces[k])));
                assertEquals(numeric, forces[k], 1e-4 * Math.max(1.0, Math.abs(forces[k])),
                        c.name() + " coordinate " + k);
            }
            checked++;
        }
        assertTrue(checked >= 25, "checked " + checked + " molecules");
        System.out.printf("finite-difference forces on %d molecules: worst relative error %.2e%n", checked, worst);
    }

    @Test
    void publicUnitsAreKilojoulesAndNanometres() {
        var c = MmffReferenceSet.load().conformers.get(5);
        MmffForceField ff = MmffForceField.of(c.mol());
        double[] x = MoleculeSdf.coordinatesNm(c.mol());
        double[] forces = new double[x.length];
        double energy = ff.energyAndForces(x, forces);
        assertEquals(c.energies()[0] * 4.184, energy, 1e-3 * 4.184);
        for (int k = 0; k < x.length; k++) {
            assertEquals(-c.gradient()[k] * 41.84, forces[k], 1e-3 * 41.84);
        }
        double[] terms = ff.termEnergies(x);
        assertEquals(List.of("bond", "angle", "stretch_bend", "oop", "torsion", "vdw", "electrostatic"), ff.termNames());
        assertEquals(energy, java.util.Arrays.stream(terms).sum(), 1e-9);
    }

    @Test
    void nonFiniteCoordinatesGiveANonFiniteEnergyForTheCallerToDetect() {
        var c = MmffReferenceSet.load().conformers.get(0);
        MmffForceField ff = MmffForceField.of(c.mol());
        double[] x = MoleculeSdf.coordinatesNm(c.mol());
        x[4] = Double.NaN;
        assertTrue(Double.isNaN(ff.energy(x)));
        assertThrows(IllegalArgumentException.class, () -> ff.energy(new double[5]));
    }
}
