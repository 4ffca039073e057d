package org.boltzflow.boltzmann.md;

import org.boltzflow.boltzmann.energy.ThermodynamicState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.HarmonicSprings;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;
import org.junit.jupiter.api.Test;

class LangevinIntegratorTest {
    static final HarmonicSprings SPRINGS = HarmonicSprings.allPairs(7, 300, 0.15, 50);
    static final String[] ELEMENTS = {"C", "H", "N", "O", "H", "C", "H"};
    static final double[] MASSES = {12.01, 1.008, 14.01, 16.0, 1.008, 12.01, 1.008};

    /** A 7-atom test topology: a chain 0-2-3-5 of heavy atoms with hydrogens 1, 4, 6 on 0, 3 and 5. */
    static Topology topology() {
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            atoms.add(new Atom(ELEMENTS[i] + i, ELEMENTS[i], MASSES[i], "MOL", 0));
        }
        return new Topology(atoms, List.of(new int[] {0, 2}, new int[] {2, 3}, new int[] {3, 5}, new int[] {0, 1},
                new int[] {3, 4}, new int[] {5, 6}));
    }

    /** A configuration near the springs' minimum: a short Langevin run from random coordinates at 1 K. */
    static double[] relaxed(EnergyModel model) {
        LangevinIntegrator cold = new LangevinIntegrator(model, MASSES,
                new LangevinSettings(ThermodynamicState.at(1), 50, 0.001, 9), null);
        cold.initialize(SPRINGS.randomConfigurations(1, 3));
        cold.run(5000, 1000, null);
        return cold.positions().clone();
    }

    /** Mean kinetic energy over {@code samples} samples taken every 10 steps after 5000 equilibration steps. */
    static double meanKinetic(LangevinIntegrator md, int samples) {
        md.run(5000, 1000, null);
        double[] sum = new double[1];
        md.run(10L * samples, 10, (step, state) -> sum[0] += state.kineticEnergy());
        return sum[0] / samples;
    }

    @Test
    void withFrictionMeanKineticEnergyIsEquipartition() {
        LangevinIntegrator md = new LangevinIntegrator(SPRINGS, MASSES,
                new LangevinSettings(ThermodynamicState.at(300), 5, 0.002, 1), null);
        md.initialize(relaxed(SPRINGS));
        assertEquals(21, md.degreesOfFreedom());
        double expected = 0.5 * 21 * Units.kT(300);
        double mean = meanKinetic(md, 20000);
        assertEquals(expected, mean, 0.02 * expected, "mean kinetic energy " + mean + " vs " + expected);
        assertEquals(300, 2 * mean / (21 * Units.MOLAR_GAS_CONSTANT), 6);
    }

    @Test
    void withHydrogenConstraintsEquipartitionUsesTheReducedCount() {
        double[] start = relaxed(SPRINGS);
        BondConstraints constraints = BondConstraints.hydrogenBonds(topology(), BondConstraints.fromCoordinates(start));
        assertEquals(3, constraints.count());
        LangevinIntegrator md = new LangevinIntegrator(SPRINGS, MASSES,
                new LangevinSettings(ThermodynamicState.at(300), 5, 0.002, 2),
                constraints);
        md.initialize(start);
        assertEquals(18, md.degreesOfFreedom());
        double expected = 0.5 * 18 * Units.kT(300);
        double mean = meanKinetic(md, 20000);
        assertEquals(expected, mean, 0.02 * expected, "mean kinetic energy " + mean + " vs " + expected);
        assertTrue(constraints.maxRelativeError(md.positions()) < 1e-9);
    }

    /** Largest |H(t) - H(0)| in kJ/mol over {@code steps} steps of friction-free dynamics. */
    static double maxEnergyDeviation(BondConstraints constraints, double timestep, int steps) {
        double[] start = relaxed(SPRINGS);
        LangevinIntegrator md = new LangevinIntegrator(SPRINGS, MASSES,
                new LangevinSettings(ThermodynamicState.at(300), 0, timestep, 3),
                constraints == null ? null : BondConstraints.hydrogenBonds(topology(),
                        BondConstraints.fromCoordinates(start)));
        md.initialize(start);
        double h0 = md.potentialEnergy() + md.kineticEnergy();
        double[] worst = new double[1];
        md.run(steps, 1, (step, state) -> worst[0] = Math.max(worst[0],
                Math.abs(state.potentialEnergy() + state.kineticEnergy() - h0)));
        return worst[0];
    }

    @Test
    void withoutFrictionTotalEnergyIsConserved() {
        // Bound: 1e-3 kT (2.5e-3 kJ/mol) over 20 ps at 0.5 fs; velocity Verlet's error is O(dt^2) and does not drift.
        double bound = 1e-3 * Units.kT(300);
        double free = maxEnergyDeviation(null, 0.0005, 40000);
        assertTrue(free < bound, "energy deviation " + free + " kJ/mol");
        double constrained = maxEnergyDeviation(BondConstraints.hydrogenBonds(topology(), (i, j) -> 0.1), 0.0005,
                40000);
        assertTrue(constrained < bound, "energy deviation with constraints " + constrained + " kJ/mol");
        assertTrue(maxEnergyDeviation(null, 0.002, 10000) > free, "a 4x larger step must fluctuate more");
    }

    @Test
    void sameSeedGivesTheSameTrajectory() {
        double[] start = SPRINGS.randomConfigurations(1, 4);
        double[][] ends = new double[2][];
        for (int r = 0; r < 2; r++) {
            LangevinIntegrator md = new LangevinIntegrator(SPRINGS, MASSES,
                new LangevinSettings(ThermodynamicState.at(300), 1, 0.001, 42),
                    null);
            md.initialize(start);
            md.run(500, 100, null);
            ends[r] = md.positions().clone();
        }
        assertArrayEquals(ends[0], ends[1], 0.0);
    }
}
