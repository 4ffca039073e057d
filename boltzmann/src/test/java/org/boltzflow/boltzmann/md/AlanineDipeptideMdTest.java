package org.boltzflow.boltzmann.md;

import org.boltzflow.boltzmann.energy.ThermodynamicState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.junit.jupiter.api.Test;

/** MD of alanine dipeptide in vacuum with the AMBER force field (ff96). */
class AlanineDipeptideMdTest {
    static final Path DIR = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide");

    static AmberForceField vacuum() throws IOException {
        return AmberForceField.load(DIR.resolve("alanine-dipeptide.prmtop"), Solvent.VACUUM);
    }

    static double[] start(AmberForceField model) throws IOException {
        return CoordinateFiles.read(DIR.resolve("alanine-dipeptide.pdb"), model.topology()).frame(0);
    }

    @Test
    void hydrogenConstraintsUseThePrmtopLengths() throws IOException {
        BondConstraints constraints = AmberConstraints.hydrogenBonds(vacuum().prmtop());
        assertEquals(12, constraints.count());
        // ff96 HC-CT bonds: r0 = 1.090 Å
        double[] start = start(vacuum());
        assertTrue(constraints.maxRelativeError(start) < 0.02);
    }

    @Test
    void langevinWithHydrogenConstraintsGivesEquipartition() throws IOException {
        AmberForceField model = vacuum();
        BondConstraints constraints = AmberConstraints.hydrogenBonds(model.prmtop());
        LangevinIntegrator md = new LangevinIntegrator(model, model.topology().masses(),
                new LangevinSettings(ThermodynamicState.at(300), 10, 0.002, 11), constraints);
        md.initialize(start(model));
        assertEquals(66 - 12, md.degreesOfFreedom());
        md.run(5000, 5000, null);
        MdRecorder recorder = new MdRecorder();
        md.run(60000, 20, recorder);
        double expected = 300;
        assertEquals(expected, recorder.meanTemperature(), 0.02 * expected);
        assertTrue(constraints.maxRelativeError(md.positions()) < 1e-9);
        assertEquals(3000, recorder.frameCount());
        assertTrue(Double.isFinite(recorder.meanPotentialEnergy()));
    }

    @Test
    void withoutFrictionTotalEnergyDoesNotDrift() throws IOException {
        // 10 ps at 0.5 fs without constraints or friction (velocity Verlet). Bounds: the mean total energy of
        // the last 2 ps differs from that of the first 2 ps by less than 0.05 kT (drift; measured 0.012 kT), and
        // |H(t) - H(0)| stays below 0.5 kT (the O(dt^2) fluctuation of a symplectic integrator; measured 0.14 kT).
        AmberForceField model = vacuum();
        LangevinIntegrator md = new LangevinIntegrator(model, model.topology().masses(),
                new LangevinSettings(ThermodynamicState.at(300), 0, 0.0005, 5), null);
        md.initialize(start(model));
        double h0 = md.potentialEnergy() + md.kineticEnergy();
        double[] total = new double[20000];
        md.run(20000, 1, (step, state) -> total[(int) step - 1] = state.potentialEnergy() + state.kineticEnergy());
        double first = java.util.Arrays.stream(total, 0, 4000).average().orElseThrow();
        double last = java.util.Arrays.stream(total, 16000, 20000).average().orElseThrow();
        double worst = java.util.Arrays.stream(total).map(h -> Math.abs(h - h0)).max().orElseThrow();
        double kT = Units.kT(300);
        assertTrue(Math.abs(last - first) < 0.05 * kT, "drift " + (last - first) + " kJ/mol");
        assertTrue(worst < 0.5 * kT, "max |H - H0| = " + worst + " kJ/mol");
    }
}
