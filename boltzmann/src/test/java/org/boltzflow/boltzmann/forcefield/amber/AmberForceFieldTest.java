package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AMBER energies and forces against OpenMM's Reference platform: energies within 1e-4 kJ/mol + 1e-7 relative, forces
 * within 1e-3 kJ/mol/nm.
 */
class AmberForceFieldTest {
    static Stream<Arguments> fixtures() {
        return Stream.of("alanine-dipeptide", "peptide-kd")
                .flatMap(system -> Stream.of(Solvent.values()).map(s -> Arguments.of(system, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void matchesOpenMmOnEveryFrame(String system, Solvent solvent) throws IOException {
        AmberReference ref = AmberReference.load(system, solvent);
        AmberForceField ff = AmberForceField.load(ref.prmtop(), solvent);
        assertEquals(ref.terms(), ff.termNames());
        assertTrue(ref.frames() >= (system.equals("alanine-dipeptide") ? 200 : 50), "fixture frames: " + ref.frames());
        double maxDe = 0;
        double maxDf = 0;
        double[] maxTermDe = new double[ref.terms().size()];
        double[] forces = new double[3 * ff.atomCount()];
        for (int f = 0; f < ref.frames(); f++) {
            double[] xyz = ref.frame(f);
            double energy = ff.energyAndForces(xyz, forces);
            double[] expected = ref.energies()[f];
            assertClose(expected[0], energy, system + " " + solvent + " frame " + f + " total");
            maxDe = Math.max(maxDe, Math.abs(energy - expected[0]));
            double[] terms = ff.termEnergies(xyz);
            double sum = 0;
            for (int t = 0; t < terms.length; t++) {
                assertClose(expected[t + 1], terms[t], system + " " + solvent + " frame " + f + " " + ref.terms().get(t));
                maxTermDe[t] = Math.max(maxTermDe[t], Math.abs(terms[t] - expected[t + 1]));
                sum += terms[t];
            }
            assertEquals(energy, sum, 1e-9 * Math.max(1, Math.abs(energy)), "terms sum to the total");
            double[] expectedForces = ref.forces(f);
            for (int k = 0; k < forces.length; k++) {
                double df = Math.abs(forces[k] - expectedForces[k]);
                maxDf = Math.max(maxDf, df);
                if (df > 1e-3) {
                    throw new AssertionError(system + " " + solvent + " frame " + f + " atom " + k / 3 + " axis " + k % 3
                            + ": force " + forces[k] + " vs OpenMM " + expectedForces[k]);
                }
            }
        }
        System.out.printf("AMBER vs OpenMM %s %s: %d frames, max |dE| total %.3g kJ/mol, per term %s %s,"
                + " max |dF| %.3g kJ/mol/nm%n", system, solvent.label(), ref.frames(), maxDe, ref.terms(),
                java.util.Arrays.toString(java.util.Arrays.stream(maxTermDe).mapToObj(d -> String.format("%.2g", d))
                        .toArray()), maxDf);
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = 1e-4 + 1e-7 * Math.abs(expected);
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new AssertionError(what + ": " + actual + " vs OpenMM " + expected + " (|dE| "
                    + Math.abs(actual - expected) + " > " + tolerance + ")");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void forcesAreMinusTheFiniteDifferenceGradient(String system, Solvent solvent) throws IOException {
        AmberReference ref = AmberReference.load(system, solvent);
        AmberForceField ff = AmberForceField.load(ref.prmtop(), solvent);
        double h = 1e-5;
        for (int f : new int[] {0, ref.frames() / 2, ref.frames() - 1}) {
            double[] xyz = ref.frame(f);
            double[] forces = new double[xyz.length];
            ff.energyAndForces(xyz, forces);
            for (int k = 0; k < xyz.length; k++) {
                double numeric = finiteDifferenceForce(ff, xyz, k, h);
                assertEquals(numeric, forces[k], 1e-4 * Math.max(1, Math.abs(numeric)),
                        system + " " + solvent + " frame " + f + " coordinate " + k);
            }
        }
    }

    /** -dE/dx_k by the central difference with step h (xyz is left as it was). */
    static double finiteDifferenceForce(AmberForceField ff, double[] xyz, int k, double h) {
        double keep = xyz[k];
        xyz[k] = keep + h;
        double plus = ff.energy(xyz);
        xyz[k] = keep - h;
        double minus = ff.energy(xyz);
        xyz[k] = keep;
        return -(plus - minus) / (2 * h);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Solvent.class, names = {"OBC1", "OBC2"})
    void gbForcesStayExactInsideAScaledSphereAndFarFromAllAtoms(Solvent solvent) throws IOException {
        AmberReference ref = AmberReference.load("alanine-dipeptide", solvent);
        AmberForceField ff = AmberForceField.load(ref.prmtop(), solvent);
        double[] xyz = ref.frame(0);
        // hydrogen 0 at 0.003 nm from its carbon 1: inside the carbon's scaled sphere (OBC2's Tinker term, |r - s| > rho)
        double[] direction = {xyz[0] - xyz[3], xyz[1] - xyz[4], xyz[2] - xyz[5]};
        double norm = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1] + direction[2] * direction[2]);
        for (int d = 0; d < 3; d++) {
            xyz[d] = xyz[3 + d] + 0.003 * direction[d] / norm;
        }
        assertGbForcesAreMinusTheFiniteDifferenceGradient(ff, xyz, 0, 2);
        double[] far = ref.frame(0);
        far[3 * 21] += 4.0; // the last hydrogen 4 nm away: its Born integral and tanh argument are about 1e-6
        assertGbForcesAreMinusTheFiniteDifferenceGradient(ff, far, 20, 22);
    }

    /** The GB term's forces on atoms [firstAtom, endAtom) against central differences of its energy. */
    private static void assertGbForcesAreMinusTheFiniteDifferenceGradient(AmberForceField ff, double[] xyz,
            int firstAtom, int endAtom) {
        double[] gbForces = new double[xyz.length];
        new GbsaObc(ff.prmtop(), ff.solvent()).addEnergyAndForces(xyz, gbForces);
        double h = 1e-7;
        for (int k = 3 * firstAtom; k < 3 * endAtom; k++) {
            double keep = xyz[k];
            xyz[k] = keep + h;
            double plus = ff.termEnergies(xyz)[4];
            xyz[k] = keep - h;
            double minus = ff.termEnergies(xyz)[4];
            xyz[k] = keep;
            double numeric = -(plus - minus) / (2 * h);
            assertEquals(numeric, gbForces[k], 1e-5 * Math.max(1, Math.abs(numeric)), ff.solvent() + " coordinate " + k);
        }
    }

    @Test
    void concurrentCallsGiveIdenticalResults() throws Exception {
        AmberReference ref = AmberReference.load("alanine-dipeptide", Solvent.OBC2);
        AmberForceField ff = AmberForceField.load(ref.prmtop(), Solvent.OBC2);
        double[] expected = new double[ref.frames()];
        for (int f = 0; f < ref.frames(); f++) {
            expected[f] = ff.energy(ref.frame(f));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Double>> results = new java.util.ArrayList<>();
            for (int f = 0; f < ref.frames(); f++) {
                double[] xyz = ref.frame(f);
                results.add(pool.submit(() -> ff.energy(xyz)));
            }
            for (int f = 0; f < ref.frames(); f++) {
                assertEquals(expected[f], results.get(f).get(), 0.0, "frame " + f);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void termNamesFollowOpenMmForceGroups() throws IOException {
        AmberForceField vacuum = AmberForceField.load(PrmtopReaderTest.ALA2, Solvent.VACUUM);
        AmberForceField obc = AmberForceField.load(PrmtopReaderTest.ALA2, Solvent.OBC2);
        assertEquals(List.of("bond", "angle", "torsion", "nonbonded"), vacuum.termNames());
        assertEquals(List.of("bond", "angle", "torsion", "nonbonded", "gb"), obc.termNames());
        assertThrows(IllegalArgumentException.class, () -> vacuum.energy(new double[3]));
    }
}
