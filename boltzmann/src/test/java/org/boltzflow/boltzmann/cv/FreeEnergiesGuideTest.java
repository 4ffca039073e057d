package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.mcmc.estimators.Estimate;
import org.junit.jupiter.api.Test;

/**
 * The Java example of {@code docs/free-energies.md}, run on the 220 OpenMM reference frames of alanine dipeptide
 * (equal weights, as MD frames): populations, the C7eq/β − αR free-energy difference and the φ/ψ surface agree with
 * counting the frames.
 */
class FreeEnergiesGuideTest {
    private static final java.nio.file.Path ROOT =
            java.nio.file.Path.of(System.getProperty("boltzflow.data", "../data")).toAbsolutePath().getParent();

    /** The docs name files relative to the repository root, where a user runs them; the tests run in a module. */
    private static final class Path {
        static java.nio.file.Path of(String relative) {
            return ROOT.resolve(relative);
        }
    }

    @Test
    void theDocumentedExampleCountsTheReferenceFrames() throws IOException {
        java.nio.file.Path prmtop = Path.of("data/alanine-dipeptide/alanine-dipeptide.prmtop");
        java.nio.file.Path samples = Path.of("data/alanine-dipeptide/reference/coords.npy");
        double[] logWeights = null;

        Topology topology = PrmtopReader.read(prmtop).topology();
        CvDefinition cvs = CvDefinition.read(Path.of("data/alanine-dipeptide/phi-psi.json"), topology);
        WeightedEnsemble e = WeightedEnsemble.of(CoordinateFiles.read(samples, topology), logWeights); // null: MD
        ThermodynamicState t = ThermodynamicState.at(300);
        Map<String, Estimate> populations = e.populations(cvs.states(), 1L);
        Estimate dF = e.deltaF(cvs.state("C7eq/beta"), cvs.state("alphaR"), t, 1L);              // kJ/mol
        FreeEnergySurface pmf = e.pmf(t, Axis.circle(cvs.variable("phi"), 36), Axis.circle(cvs.variable("psi"), 36), 1L);

        Trajectory frames = CoordinateFiles.read(samples, topology);
        double[] counted = new double[2];
        String[] names = {"C7eq/beta", "alphaR"};
        for (double[] xyz : frames.frames()) {
            for (int s = 0; s < 2; s++) {
                counted[s] += cvs.state(names[s]).contains(cv -> cv.value(xyz)) ? 1.0 / frames.frameCount() : 0;
            }
        }
        assertEquals(counted[0], populations.get("C7eq/beta").value(), 1e-12);
        assertEquals(counted[1], populations.get("alphaR").value(), 1e-12);
        assertTrue(counted[0] > 0 && counted[1] > 0, "both states visited");
        assertEquals(-t.kT() * Math.log(counted[0] / counted[1]), dF.value(), 1e-9);
        assertEquals(36 * 36, pmf.size());
    }
}
