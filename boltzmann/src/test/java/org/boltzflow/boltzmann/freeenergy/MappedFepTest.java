package org.boltzflow.boltzmann.freeenergy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.EnergyTerm;
import org.boltzflow.boltzmann.energy.HarmonicSprings;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.layers.ShiftScale;
import org.boltzflow.mcmc.estimators.Estimate;
import org.junit.jupiter.api.Test;

class MappedFepTest {
    static final double T = 300;
    static final Path ALANINE = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide");

    /** One atom in a Gaussian well: {@code u = Σ_d (x_d - μ_d)² / (2 σ_d²)} in kT at 300 K. */
    record Gaussian(double[] mean, double[] sigma) implements EnergyModel {
        @Override
        public int atomCount() {
            return 1;
        }

        @Override
        public double energyAndForces(double[] xyz, double[] forces) {
            double kT = ThermodynamicState.at(T).kT();
            double u = 0;
            for (int d = 0; d < 3; d++) {
                double s = (xyz[d] - mean[d]) / sigma[d];
                u += 0.5 * s * s;
                forces[d] = -kT * s / sigma[d];
            }
            return kT * u;
        }

        @Override
        public List<EnergyTerm> terms() {
            return List.of(new EnergyTerm() {
                @Override
                public String name() {
                    return "gaussian";
                }

                @Override
                public double addEnergyAndForces(double[] xyz, double[] forces) {
                    double[] own = new double[forces.length];
                    double energy = energyAndForces(xyz, own);
                    for (int i = 0; i < forces.length; i++) {
                        forces[i] += own[i];
                    }
                    return energy;
                }
            });
        }

        /** {@code f = -ln Z} in kT, up to the constant shared by every Gaussian of one dimension. */
        double freeEnergy() {
            double f = 0;
            for (double s : sigma) {
                f -= Math.log(s);
            }
            return f;
        }

        Trajectory samples(int n, long seed) {
            Random random = new Random(seed);
            List<double[]> frames = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] x = new double[3];
                for (int d = 0; d < 3; d++) {
                    x[d] = mean[d] + sigma[d] * random.nextGaussian();
                }
                frames.add(x);
            }
            return new Trajectory(1, frames);
        }
    }

    static final Gaussian A = new Gaussian(new double[] {0, 0, 0}, new double[] {1, 1, 1});
    static final Gaussian B = new Gaussian(new double[] {1.5, -1, 0}, new double[] {0.5, 2, 1});
    static final ThermodynamicState STATE_A = new ThermodynamicState(A, T);
    static final ThermodynamicState STATE_B = new ThermodynamicState(B, T);

    @Test
    void theIdentityMapIsPlainBar() {
        Trajectory a = A.samples(300, 1);
        Trajectory b = B.samples(300, 2);
        Estimate mapped = new MappedFep(STATE_A, STATE_B, null, List.of()).deltaF(a, b, 2);
        Estimate plain = ReducedEnergies.bar(STATE_A, STATE_B, a, b, 1);
        assertEquals(plain.value(), mapped.value(), 1e-12);
        assertEquals(plain.stdError(), mapped.stdError(), 1e-12);
    }

    @Test
    void theWorkSubtractsTheMapsLogDet() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ShiftScale affine = new ShiftScale(manager, 3, DataType.FLOAT64);
            double[] shift = {0.3, -0.2, 0.1};
            double[] logScale = {Math.log(0.5), Math.log(2), 0.25};
            affine.set(manager.create(shift, new Shape(1, 3)), manager.create(logScale, new Shape(1, 3)));
            double[] x = {0.4, -1.2, 0.7};
            double[] y = {1.1, 0.5, -0.3};
            MappedFep.Works works = new MappedFep(STATE_A, STATE_B, null, List.of(affine))
                    .works(new Trajectory(1, List.of(x)), new Trajectory(1, List.of(y)), 1);
            double[] mx = new double[3];
            double[] my = new double[3];
            double logDet = 0;
            for (int d = 0; d < 3; d++) {
                mx[d] = x[d] * Math.exp(logScale[d]) + shift[d];
                my[d] = (y[d] - shift[d]) * Math.exp(-logScale[d]);
                logDet += logScale[d];
            }
            double forward = STATE_B.reducedEnergy(mx) - STATE_A.reducedEnergy(x) - logDet;
            double reverse = STATE_A.reducedEnergy(my) - STATE_B.reducedEnergy(y) + logDet;
            assertArrayEquals(new double[] {forward}, works.forward(), 1e-12);
            assertArrayEquals(new double[] {reverse}, works.reverse(), 1e-12);
        }
    }

    @Test
    void aTrainedAffineMapReachesTheExactAnswerWithFarLowerVarianceThanPlainFep() {
        double exact = B.freeEnergy() - A.freeEnergy();
        Trajectory a = A.samples(400, 11);
        Trajectory b = B.samples(400, 12);
        Estimate plain = ReducedEnergies.bar(STATE_A, STATE_B, a, b, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            ShiftScale affine = new ShiftScale(manager, 3, DataType.FLOAT64);
            MappedFep fep = new MappedFep(STATE_A, STATE_B, null, List.of(affine));
            double[] losses = fep.train(a, b, new MappedFep.Training(300, 128, 0.05, 100, 5), 1);
            MappedFep.Works works = fep.works(a, b, 1);
            Estimate mapped = works.deltaF();
            assertTrue(losses[0] > 1 && losses[losses.length - 1] < 0.05, losses[0] + " -> "
                    + losses[losses.length - 1]);
            assertTrue(works.meanDissipation() < 0.02, "dissipation " + works.meanDissipation());
            // bounds from 8 seeds: |error| <= 0.012, dissipation within ±0.007, error-bar ratio <= 0.056,
            // log-scales within 0.09 of the exact ones
            assertTrue(Math.abs(mapped.value() - exact) < 0.03, mapped + " vs " + exact);
            assertTrue(mapped.stdError() < plain.stdError() / 10, mapped + " vs plain " + plain);
            assertTrue(plain.covers(exact, 4), plain + " vs " + exact);
            double[] learned = affine.parameters().get(1).getArray().toDoubleArray();
            assertArrayEquals(new double[] {Math.log(0.5), Math.log(2), 0}, learned, 0.15);
            assertEquals(2L * (800 + 800) + 300 * 2 * 128 + 800, fep.energyEvaluations());
        }
    }

    @Test
    void theInternalCoordinateMapStartsAsTheIdentity() throws IOException {
        AmberForceField vacuum = AmberForceField.load(ALANINE.resolve("alanine-dipeptide.prmtop"), Solvent.VACUUM);
        AmberForceField obc1 = AmberForceField.create(vacuum.prmtop(), Solvent.OBC1);
        ThermodynamicState gas = new ThermodynamicState(vacuum, T);
        ThermodynamicState water = new ThermodynamicState(obc1, T);
        Trajectory frames = NpyCoordinates.read(ALANINE.resolve("reference").resolve("coords.npy"));
        Trajectory a = new Trajectory(frames.atomCount(), frames.frames().subList(0, 100));
        Trajectory b = new Trajectory(frames.atomCount(), frames.frames().subList(100, 220));
        try (NDManager manager = NDManager.newBaseManager()) {
            MappedFep fep = MappedFep.inInternalCoordinates(manager, vacuum.topology(), gas, water, frames, 2,
                    new int[] {16}, 4, 3);
            MappedFep.Works works = fep.works(a, b, 2);
            for (int i = 0; i < a.frameCount(); i++) {
                double plain = water.reducedEnergy(a.frame(i)) - gas.reducedEnergy(a.frame(i));
                assertEquals(plain, works.forward()[i], 1e-7);
            }
            Estimate plain = ReducedEnergies.bar(gas, water, a, b, 2);
            assertEquals(plain.value(), works.deltaF().value(), 1e-6);
            double[] losses = fep.train(a, b, new MappedFep.Training(3, 16, 1e-3, 100, 1), 2);
            assertTrue(Double.isFinite(losses[2]), "loss " + losses[2]);
        }
    }

    @Test
    void theDocumentedCallsTrainAMapAndEstimateBar() throws IOException {
        AmberForceField ff = AmberForceField.load(ALANINE.resolve("alanine-dipeptide.prmtop"), Solvent.VACUUM);
        org.boltzflow.boltzmann.topology.Topology topology = ff.topology();
        ThermodynamicState vacuum = new ThermodynamicState(ff, T);
        ThermodynamicState obc1 = new ThermodynamicState(AmberForceField.create(ff.prmtop(), Solvent.OBC1), T);
        Trajectory trainingFrames = NpyCoordinates.read(ALANINE.resolve("reference").resolve("coords.npy"));
        Trajectory trainA = new Trajectory(22, trainingFrames.frames().subList(0, 60));
        Trajectory trainB = new Trajectory(22, trainingFrames.frames().subList(60, 120));
        Trajectory testA = new Trajectory(22, trainingFrames.frames().subList(120, 170));
        Trajectory testB = new Trajectory(22, trainingFrames.frames().subList(170, 220));
        int blocks = 2;
        int[] hidden = {16};
        int bins = 4;
        long seed = 3;
        int threads = 2;
        MappedFep.Training training = new MappedFep.Training(0, 16, 1e-3, 100, seed); // no steps: the identity map
        try (NDManager manager = NDManager.newBaseManager()) {
            // the Java block of docs/free-energies.md
            MappedFep fep = MappedFep.inInternalCoordinates(manager, topology, vacuum, obc1, trainingFrames, blocks,
                    hidden, bins, seed);
            fep.train(trainA, trainB, training, threads);
            MappedFep.Works works = fep.works(testA, testB, threads);
            Estimate df = works.deltaF();

            assertEquals(50, works.forward().length);
            assertTrue(Double.isFinite(df.value()) && df.stdError() > 0, df.toString());
            Estimate plain = ReducedEnergies.bar(vacuum, obc1, testA, testB, threads);
            assertEquals(plain.value(), df.value(), 1e-6, "the untrained map is the identity: plain BAR");
            assertEquals(plain.stdError(), df.stdError(), 1e-6);
        }
    }

    @Test
    void statesOfDifferentAtomsAndNonFiniteEnergiesAreRefused() {
        IllegalArgumentException atoms = assertThrows(IllegalArgumentException.class, () -> new MappedFep(STATE_A,
                new ThermodynamicState(HarmonicSprings.allPairs(2, 100, 0.1, 0), T), null, List.of()));
        assertEquals("state A has 1 atoms and state B 2; mapped FEP needs the same atoms in both", atoms.getMessage());
        Trajectory bad = new Trajectory(1, List.of(new double[] {0, 0, 0}, new double[] {Double.NaN, 0, 0}));
        MappedFep fep = new MappedFep(STATE_A, STATE_B, null, List.of());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> fep.deltaF(A.samples(3, 1), bad, 1));
        assertEquals("sample set 1, sample 1: energy is NaN under state 0 (300.0 K)", nan.getMessage());
        IllegalArgumentException wrongSet = assertThrows(IllegalArgumentException.class,
                () -> fep.deltaF(A.samples(3, 1), new Trajectory(2, List.of(new double[6])), 1));
        assertEquals("sample set B has 2 atoms, the states 1", wrongSet.getMessage());
    }
}
