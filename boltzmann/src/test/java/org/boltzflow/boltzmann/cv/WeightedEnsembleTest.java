package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.mcmc.estimators.Estimate;
import org.junit.jupiter.api.Test;

/** Populations, ΔF and free-energy surfaces from weighted one-atom "configurations" whose CVs are coordinates. */
class WeightedEnsembleTest {
    static final ThermodynamicState T300 = ThermodynamicState.at(300);
    static final CollectiveVariable X = CollectiveVariable.of("x", CollectiveVariable.Unit.NANOMETER, false,
            xyz -> xyz[0]);
    static final CollectiveVariable Y = CollectiveVariable.of("y", CollectiveVariable.Unit.NANOMETER, false,
            xyz -> xyz[1]);

    @Test
    void aTrajectoryGivesTheSameValuesAsItsPackedFramesAcrossChunks() {
        // 20,000 one-atom frames: more than two chunks of frames whose variables are computed at once
        SplittableRandom random = new SplittableRandom(4);
        double[] xyz = new double[3 * 20_000];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = random.nextDouble(-2, 2);
        }
        org.boltzflow.boltzmann.io.Trajectory frames = org.boltzflow.boltzmann.io.Trajectory.packed(1, xyz);
        WeightedEnsemble packed = WeightedEnsemble.of(xyz, 1, null).inBlocks(10);
        WeightedEnsemble chunked = WeightedEnsemble.of(frames, null).inBlocks(10);
        assertArrayEquals(packed.values(X), chunked.values(X), 0.0);
        assertArrayEquals(packed.values(Y), chunked.values(Y), 0.0);
        assertEquals(xyz[3 * 19_999 + 1], chunked.values(Y)[19_999], 0.0);
        State a = new State("A", List.of(new Interval(X, 0, 1)));
        State b = new State("B", List.of(new Interval(X, -1, 0)));
        assertEquals(packed.deltaF(a, b, T300, 2L).value(), chunked.deltaF(a, b, T300, 2L).value(), 0.0);
        assertEquals(packed.deltaF(a, b, T300, 2L).stdError(), chunked.deltaF(a, b, T300, 2L).stdError(), 0.0);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> WeightedEnsemble.of(
                org.boltzflow.boltzmann.io.Trajectory.packed(1, new double[0]), null));
        assertTrue(empty.getMessage().contains("not whole frames"), empty.getMessage());
    }

    @Test
    void populationsAndDeltaFOfHandCountedWeights() {
        // x = 0.5, 0.5 (in A) and 1.5, 1.5, 1.5 (in B) with weights 2, 1 and 1, 1, 3: P_A = 3/8, P_B = 5/8
        double[] xyz = {0.5, 0, 0, 0.5, 0, 0, 1.5, 0, 0, 1.5, 0, 0, 1.5, 0, 0};
        double[] logWeights = {Math.log(2), 0, 0, 0, Math.log(3)};
        WeightedEnsemble e = WeightedEnsemble.of(xyz, 1, logWeights);
        State a = new State("A", List.of(new Interval(X, 0, 1)));
        State b = new State("B", List.of(new Interval(X, 1, 2)));
        Map<String, Estimate> p = e.populations(List.of(a, b), 1L);
        assertEquals(0.375, p.get("A").value(), 1e-14);
        assertEquals(0.625, p.get("B").value(), 1e-14);
        assertEquals(p.get("A").stdError(), p.get("B").stdError(), 1e-14);
        assertEquals(-T300.kT() * Math.log(3.0 / 5), e.deltaF(a, b, T300, 1L).value(), 1e-12);
        State empty = new State("C", List.of(new Interval(X, 5, 6)));
        assertTrue(Double.isNaN(e.deltaF(a, empty, T300, 1L).value()));
        FreeEnergySurface f = e.pmf(T300, new Axis(X, 0, 2, 2), 1L);
        assertEquals(0, f.at(1).value(), 0);
        assertEquals(-T300.kT() * Math.log(3.0 / 5), f.at(0).value(), 1e-12);
        assertEquals(0, f.at(1).stdError(), 0, "errors are relative to the lowest bin");
        assertEquals(3.0 / 8, f.probability()[0], 1e-15);
    }

    @Test
    void twoDimensionalSurfaceOfHandPlacedSamples() {
        // cells (x, y): (0, 0) twice, (1, 0) once, (1, 1) four times; (0, 1) empty
        double[] xyz = {0.2, 0.2, 0, 0.3, 0.1, 0, 1.5, 0.5, 0, 1.2, 1.2, 0, 1.4, 1.9, 0, 1.1, 1.0, 0, 1.6, 1.3, 0};
        WeightedEnsemble e = WeightedEnsemble.of(xyz, 1, null);
        FreeEnergySurface f = e.pmf(T300, new Axis(X, 0, 2, 2), new Axis(Y, 0, 2, 2), 3L);
        double kT = T300.kT();
        assertEquals(0, f.at(1, 1).value(), 0);
        assertEquals(-kT * Math.log(2.0 / 4), f.at(0, 0).value(), 1e-12);
        assertEquals(-kT * Math.log(1.0 / 4), f.at(1, 0).value(), 1e-12);
        assertTrue(Double.isNaN(f.at(0, 1).value()));
    }

    @Test
    void pmfOfReweightedUniformSamplesMatchesTheHarmonicWell() {
        // x uniform on [-3, 3) reweighted by exp(-x²/2): PMF = kT x²/2 integrated over each bin, relative to the lowest
        SplittableRandom random = new SplittableRandom(11);
        int n = 20_000;
        double[] xyz = new double[3 * n];
        double[] logWeights = new double[n];
        for (int i = 0; i < n; i++) {
            xyz[3 * i] = random.nextDouble(-3, 3);
            logWeights[i] = -0.5 * xyz[3 * i] * xyz[3 * i];
        }
        WeightedEnsemble e = WeightedEnsemble.of(xyz, 1, logWeights);
        Axis axis = new Axis(X, -3, 3, 12);
        FreeEnergySurface f = e.pmf(T300, axis, 5L);
        int reference = 0;
        for (int k = 0; k < 12; k++) {
            reference = f.at(k).value() == 0 ? k : reference;
        }
        double kT = T300.kT();
        double massReference = gaussianMass(axis, reference);
        for (int k = 0; k < 12; k++) {
            double exact = -kT * Math.log(gaussianMass(axis, k) / massReference);
            Estimate got = f.at(k);
            assertTrue(k == reference || (got.covers(exact, 4) && got.stdError() < 0.25), "bin " + k + ": " + got
                    + " vs " + exact);
        }
        assertTrue(reference == 5 || reference == 6, "lowest bin " + reference);
    }

    @Test
    void blocksWidenTheErrorOfCorrelatedSamplesAndBadInputIsRefused() {
        // an AR(1) chain with correlation 0.95 between successive samples, two states x < 0 and x >= 0
        SplittableRandom random = new SplittableRandom(2);
        int n = 20_000;
        double[] xyz = new double[3 * n];
        double x = 0;
        for (int i = 0; i < n; i++) {
            x = 0.95 * x + Math.sqrt(1 - 0.95 * 0.95) * random.nextGaussian();
            xyz[3 * i] = x;
        }
        WeightedEnsemble iid = WeightedEnsemble.of(xyz, 1, null);
        State low = new State("low", List.of(new Interval(X, -10, 0)));
        State high = new State("high", List.of(new Interval(X, 0, 10)));
        double plain = iid.populations(List.of(low, high), 1L).get("low").stdError();
        double blocked = iid.inBlocks(20).populations(List.of(low, high), 1L).get("low").stdError();
        assertTrue(blocked > 3 * plain, plain + " vs blocks " + blocked);
        assertThrows(IllegalArgumentException.class, () -> iid.inBlocks(1));
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class,
                () -> WeightedEnsemble.of(xyz, 1, new double[3]));
        assertEquals("3 log weights for 20000 samples", err.getMessage());
        double[] bad = new double[n];
        bad[7] = Double.NaN;
        err = assertThrows(IllegalArgumentException.class, () -> WeightedEnsemble.of(xyz, 1, bad));
        assertEquals("log weight 7 is NaN", err.getMessage());
        err = assertThrows(IllegalArgumentException.class, () -> iid.values(new Distance("d", 0, 3)));
        assertTrue(err.getMessage().contains("reads atom 3, but the samples have 1 atoms"), err.getMessage());
    }

    private static double gaussianMass(Axis axis, int k) {
        double lo = axis.low() + k * axis.width();
        return Erf.erf(lo / Math.sqrt(2), (lo + axis.width()) / Math.sqrt(2));
    }
}
