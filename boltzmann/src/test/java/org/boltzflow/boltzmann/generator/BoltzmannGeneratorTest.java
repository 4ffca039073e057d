package org.boltzflow.boltzmann.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.io.FlowIO;
import org.junit.jupiter.api.Test;

/** The generator library on two molecules: the documented Java example, automatic choices, FAB, refusals. */
class BoltzmannGeneratorTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));
    private static final Path PRMTOP = DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop");
    private static final Path PDB = DATA.resolve("alanine-dipeptide/alanine-dipeptide.pdb");
    private static final ReferenceMd.Settings TINY_MD = new ReferenceMd.Settings(2, 200, 2000, 20, 0.001, 1.0);

    /** The tiny MD of {@code state} (alanine dipeptide) from the PDB structure, two chains on two threads. */
    private static Trajectory tinyFrames(AmberForceField ff, ThermodynamicState state) throws IOException {
        return new ReferenceMd(state, ff.topology().masses(), TINY_MD, 1L)
                .run(PdbFile.read(PDB).trajectory().frame(0), 2, steps -> {});
    }

    @Test
    void theDocumentedSettingsAreValidAndNameFilesOfTheRepository() {
        // the first block of docs/generator.md
        Path prmtop = Path.of("data/alanine-dipeptide/alanine-dipeptide.prmtop");
        Path pdb = Path.of("data/alanine-dipeptide/alanine-dipeptide.pdb");
        // 2 chains, 20,000 + 500,000 steps saved every 50, 1 fs, 1/ps, each a replica exchange of 6 temperatures to
        // 600 K with all replicas weighted for 300 K (pooled)
        ReferenceMd.Settings md = new ReferenceMd.Settings(2, 20_000, 500_000, 50, 0.001, 1.0, 6, 600, true);
        FlowSpec flow = FlowSpec.of(6, 8, 128, 128);
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(1200, 1024, 1e-3),
                TrainingPhase.reverse(200, 256, 1.0, 5e-5, 1.0));
        int count = 100_000;

        assertTrue(java.nio.file.Files.isRegularFile(DATA.resolveSibling(prmtop.toString())), prmtop.toString());
        assertTrue(java.nio.file.Files.isRegularFile(DATA.resolveSibling(pdb.toString())), pdb.toString());
        assertEquals(2 * 500_000 / 50, md.chains() * md.steps() / md.saveEvery(), "reference frames");
        assertEquals(6, md.replicas());
        assertEquals(1200 + 200, plan.totalSteps(), "forward KL and reverse steps");
        assertEquals(6, flow.blocks());
        assertTrue(count > 0);
    }

    @Test
    void aWeightedPhaseReadsFramesOnlyForItsForwardTermAndDecaysItsLearningRate() {
        TrainingPhase own = TrainingPhase.weightedForwardKl(3000, 1024, 1e-4, 0);
        TrainingPhase mixed = TrainingPhase.weightedForwardKl(3000, 1024, 1e-4, 1.0);
        assertFalse(own.needsReference());
        assertTrue(mixed.needsReference());
        assertEquals(1e-4, mixed.learningRateAt(0), 1e-20);
        assertEquals(0.525e-4, mixed.learningRateAt(1500), 1e-18);
        assertEquals(5e-6, mixed.learningRateAt(3000), 1e-20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPhase.weightedForwardKl(10, 32, 1e-4, -1));
        assertEquals("a training phase needs a finite forwardWeight >= 0", e.getMessage());
    }

    @Test
    void theDocumentedJavaExampleRunsAndWeighsEverySampleByTheTrueEnergy() throws IOException {
        // the second block of docs/generator.md, with tiny settings
        Path prmtop = PRMTOP;
        Path pdb = PDB;
        ReferenceMd.Settings md = TINY_MD;
        FlowSpec flow = FlowSpec.of(2, 4, 16);
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(6, 32, 1e-3),
                TrainingPhase.reverse(4, 16, 2.0, 5e-5, 1.0));
        int count = 200;

        AmberForceField ff = AmberForceField.load(prmtop, Solvent.OBC1);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        double[] start = PdbFile.read(pdb).trajectory().frame(0);
        Trajectory frames = new ReferenceMd(state, ff.topology().masses(), md, 1L).run(start, 2, steps -> {});
        try (BoltzmannGenerator bg = BoltzmannGenerator.builder(state, ff.topology()).reference(frames)
                .flow(flow).training(plan).seed(1).threads(2).build()) {
            WeightedSamples samples = bg.train().sample(count);
            System.out.println(samples.ess() + " " + samples.logZ());

            assertEquals(200, samples.size() + samples.invalid());
            assertEquals(10, bg.history().rows().size());
            assertEquals(4 * 16, bg.energyEvaluations(), "reverse steps evaluate the energy, forward steps do not");
            assertTrue(samples.ess() > 0 && samples.ess() <= 1, "ESS " + samples.ess());
            assertTrue(Double.isFinite(samples.logZ()));
            for (int i = 0; i < samples.size(); i += 37) {
                double[] x = java.util.Arrays.copyOfRange(samples.xyz(), 66 * i, 66 * (i + 1));
                double energy = ff.energy(x);
                assertEquals(energy, samples.energies()[i], 1e-9 * Math.abs(energy) + 1e-9);
                assertEquals(-energy / (0.0083144626 * 300) - samples.logQ()[i], samples.logWeights()[i], 1e-8);
            }
        }
    }

    @Test
    void aFloat32FlowMatchesItsFloat64TwinTrainsThroughBothPhasesAndReloads(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        Trajectory frames = tinyFrames(ff, state);
        double[] xyz = frames.flatten(0, 40);
        FlowSpec spec = FlowSpec.of(2, 4, 16);
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(6, 32, 1e-3),
                TrainingPhase.reverse(4, 16, 1.0, 5e-5, 1.0));
        try (BoltzmannGenerator wide = BoltzmannGenerator.builder(state, ff.topology()).reference(frames)
                .flow(spec).training(plan).seed(3).build();
                BoltzmannGenerator single = BoltzmannGenerator.builder(state, ff.topology()).reference(frames)
                        .flow(spec.withPrecision("float32")).training(plan).seed(3).build()) {
            // the same initial parameters, rounded: log q of MD frames (about 200 in size) agrees to float32's digits
            double[] wideLogQ = wide.weigh(xyz).logQ();
            double[] singleLogQ = single.weigh(xyz).logQ();
            for (int i = 0; i < 40; i++) {
                assertEquals(wideLogQ[i], singleLogQ[i], 1e-3, "frame " + i);
            }
            assertTrue(single.flow().layers().get(0).parameters().stream()
                    .allMatch(p -> p.getArray().getDataType() == ai.djl.ndarray.types.DataType.FLOAT32));
            double[] before = single.flow().layers().get(2).parameters().get(0).getArray()
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            single.train();
            assertEquals(10, single.history().rows().size());
            assertTrue(single.history().rows().stream().allMatch(r -> Double.isFinite(r.loss())));
            assertEquals(4 * 16, single.energyEvaluations(), "the reverse phase evaluated the energy");
            double[] after = single.flow().layers().get(2).parameters().get(0).getArray()
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            assertTrue(!java.util.Arrays.equals(before, after), "gradients reach the float32 blocks");

            WeightedSamples samples = single.sample(100, 5L, n -> {});
            assertEquals(100, samples.size() + samples.invalid());
            WeightedSamples again = single.weigh(samples.xyz());
            for (int i = 0; i < samples.size(); i++) {
                double[] x = java.util.Arrays.copyOfRange(samples.xyz(), 66 * i, 66 * (i + 1));
                assertEquals(ff.energy(x), samples.energies()[i], 1e-9 * Math.abs(ff.energy(x)) + 1e-9);
                assertEquals(samples.logQ()[i], again.logQ()[i], 2e-3, "draw " + i + " weighed again");
            }
            // refinement runs on an exact float64 copy of the blocks
            try (NDManager m = NDManager.newBaseManager()) {
                NormalizingFlow copy = FlowIO.widened(single.flow(), m, NormalizingFlow.class);
                List<Parameter> narrow = single.flow().parameters();
                List<Parameter> widened = copy.parameters();
                assertEquals(narrow.size(), widened.size());
                for (int i = 0; i < narrow.size(); i++) {
                    assertEquals(DataType.FLOAT64, widened.get(i).getArray().getDataType());
                    assertArrayEquals(narrow.get(i).getArray().toType(DataType.FLOAT64, false)
                            .toDoubleArray(), widened.get(i).getArray().toDoubleArray(), 0.0, "parameter " + i);
                }
                double[] copyLogQ = copy.logProb(m.create(xyz, new Shape(40, 66)))
                        .toDoubleArray();
                double[] trainedLogQ = single.weigh(xyz).logQ();
                for (int i = 0; i < 40; i++) {
                    assertEquals(trainedLogQ[i], copyLogQ[i], 2e-3, "frame " + i);
                }
                // ∇x log q(x) is exact on the float64 copy (the coordinate layer's superposition included) and
                // refused through the float32 blocks' cast rather than returned without their part
                NDArray leaf = m.create(java.util.Arrays.copyOf(xyz, 132), new Shape(2, 66));
                leaf.setRequiresGradient(true);
                double[] gradient;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(copy.logProb(leaf).sum());
                    gradient = leaf.getGradient().toDoubleArray();
                }
                for (int j : new int[] {0, 13, 40, 65, 70, 101, 131}) {
                    double[] plus = java.util.Arrays.copyOf(xyz, 132);
                    double[] minus = plus.clone();
                    plus[j] += 1e-6;
                    minus[j] -= 1e-6;
                    double numeric = (copy.logProb(m.create(plus, new Shape(2, 66))).sum().getDouble()
                            - copy.logProb(m.create(minus, new Shape(2, 66))).sum().getDouble()) / 2e-6;
                    assertEquals(numeric, gradient[j], 1e-5 * Math.max(1, Math.abs(numeric)), "d log q / dx " + j);
                }
                assertThrows(IllegalArgumentException.class, () -> single.flow().logProb(leaf));
            }
            AisRefinement.Result refined = single.refine(new AisRefinement.Settings(40, 2, 1, 0.1), 9L, n -> {});
            assertEquals(40, refined.logWeights().length + refined.dropped());
            assertTrue(refined.logWeights().length > 0
                    && java.util.Arrays.stream(refined.logWeights()).allMatch(Double::isFinite));
            single.save(dir, "model");
            try (BoltzmannGenerator loaded = BoltzmannGenerator.builder(state, ff.topology())
                    .savedModel(dir, "model").training(plan).build()) {
                assertArrayEquals(single.weigh(xyz).logQ(), loaded.weigh(xyz).logQ(), 0.0);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.withPrecision("half"));
        assertEquals("flow precision must be float64 or float32, got half", e.getMessage());
    }

    @Test
    void theCoordinateLayerIsNormalizedWithEveryKthFrameBeyondTheStatisticsCap() throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        Trajectory frames = tinyFrames(ff, state);
        int n = frames.frameCount();
        java.util.List<double[]> everyThird = new java.util.ArrayList<>();
        for (int i = 0; i < n; i += 3) {
            everyThird.add(frames.frame(i));
        }
        double[] xyz = frames.flatten();
        FlowSpec flow = FlowSpec.of(2, 4, 16);
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(1, 8, 1e-3));
        try (BoltzmannGenerator capped = BoltzmannGenerator.builder(state, ff.topology()).reference(frames)
                .statisticsFrames((n + 2) / 3).flow(flow).training(plan).build();
                BoltzmannGenerator strided = BoltzmannGenerator.builder(state, ff.topology())
                        .reference(new Trajectory(ff.topology().atomCount(), everyThird)).flow(flow).training(plan)
                        .build();
                BoltzmannGenerator all = BoltzmannGenerator.builder(state, ff.topology()).reference(frames)
                        .flow(flow).training(plan).build()) {
            assertEquals(n, capped.reference().frameCount(), "training keeps every frame");
            assertArrayEquals(strided.weigh(xyz).logQ(), capped.weigh(xyz).logQ(), 0.0);
            double[] fromAll = all.weigh(xyz).logQ();
            double[] fromStrided = capped.weigh(xyz).logQ();
            double largest = 0;
            for (int i = 0; i < n; i++) {
                largest = Math.max(largest, Math.abs(fromAll[i] - fromStrided[i]));
            }
            assertTrue(largest > 1e-6, "the statistics of all frames give another layer: " + largest);
        }
        assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).statisticsFrames(0));
    }

    @Test
    void theCartesianAtomsOfAPeptideAreTheBackboneOfItsCentralResidue() throws IOException {
        Topology alanine = AmberForceField.load(PRMTOP, Solvent.VACUUM).topology();
        assertArrayEquals(new int[] {6, 8, 14}, CartesianAtoms.central(alanine)); // N, CA, C of ALA
        Topology lysAsp = AmberForceField.load(DATA.resolve("peptide-kd/peptide-kd.prmtop"), Solvent.VACUUM)
                .topology();
        int[] atoms = CartesianAtoms.central(lysAsp);
        int[][] neighbors = lysAsp.neighbors();
        long centres = java.util.Arrays.stream(atoms).filter(c -> java.util.Arrays.stream(atoms).filter(a -> a != c)
                .allMatch(a -> java.util.Arrays.stream(neighbors[c]).anyMatch(n -> n == a))).count();
        assertEquals(1, centres, "one atom bonded to the other two");
        for (int a : atoms) {
            assertTrue(!lysAsp.atoms().get(a).element().equals("H"), "heavy atom " + a);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CartesianAtoms.central(CdkTopology.fromSmiles("CO")));
        assertTrue(e.getMessage().contains("cartesianAtoms []"), e.getMessage());
    }

    @Test
    void defaultCollectiveVariablesArePhiPsiOfPeptidesAndRotatableTorsionsOtherwise() throws IOException {
        Topology alanine = AmberForceField.load(PRMTOP, Solvent.VACUUM).topology();
        CvDefinition d = DefaultCvs.of(alanine);
        assertEquals(List.of(new Dihedral("phi2", 4, 6, 8, 14), new Dihedral("psi2", 6, 8, 14, 16)), d.variables());
        assertEquals(List.of("C7eq/beta2", "alphaR2", "alphaL2", "C7ax2"),
                d.states().stream().map(s -> s.name()).toList());
        Topology lysAsp = AmberForceField.load(DATA.resolve("peptide-kd/peptide-kd.prmtop"), Solvent.VACUUM)
                .topology();
        assertEquals(List.of("psi1", "phi2"), DefaultCvs.of(lysAsp).variables().stream()
                .map(CollectiveVariable::name).toList());
        assertEquals(4, DefaultCvs.of(lysAsp).states().size());
        // butane: one rotatable bond (the methyl rotors have no heavy neighbour beyond the bond); cyclohexane: none
        assertEquals(List.of(new Dihedral("tor1", 0, 1, 2, 3)), DefaultCvs.of(CdkTopology.fromSmiles("CCCC"))
                .variables());
        assertThrows(IllegalArgumentException.class, () -> DefaultCvs.of(CdkTopology.fromSmiles("C1CCCCC1")));
    }

    @Test
    void fabTrainsFromTheEnergyAloneAndCountsItsEvaluations() throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        double[] start = PdbFile.read(PDB).trajectory().frame(0);
        TrainingPhase.FabSettings fab = new TrainingPhase.FabSettings(2, 1, 0.1, 256, 2, 10);
        try (BoltzmannGenerator bg = BoltzmannGenerator.builder(state, ff.topology()).start(start)
                .flow(FlowSpec.of(2, 4, 16)).training(TrainingPlan.of(TrainingPhase.fab(4, 32, 5e-4, fab)))
                .seed(3).build()) {
            bg.train();
            long statistics = BoltzmannGenerator.STATISTICS_MD.equilibrationSteps()
                    + BoltzmannGenerator.STATISTICS_MD.steps();
            // AIS runs on steps 0 and 2: 32 chains, each evaluating the energy at its start and after each of the
            // 2 intermediate levels' Metropolis step
            assertEquals(statistics + 2 * 32 * 3, bg.energyEvaluations());
            assertEquals(4, bg.history().rows().stream().filter(r -> r.phase().equals("fab")).count());
            assertTrue(bg.sample(50).size() > 0);
        }
    }

    @Test
    void aBoostTrainsOnOtherFramesWeighsSamplesByTheTrueEnergyAndNeedsFrames() throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        Trajectory frames = tinyFrames(ff, state);
        List<CollectiveVariable> cvs = CvDefinition.read(DATA.resolve("alanine-dipeptide/phi-psi.json"),
                ff.topology()).variables();
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(4, 32, 1e-3),
                TrainingPhase.weightedForwardKl(2, 32, 1e-4, 0));
        double[] firstLoss = new double[2];
        for (int boosted = 0; boosted < 2; boosted++) {
            BoltzmannGenerator.Builder b = BoltzmannGenerator.builder(state, ff.topology()).reference(frames)
                    .flow(FlowSpec.of(2, 4, 16)).training(plan).seed(1);
            if (boosted == 1) {
                b.boost(cvs, 1.0, 0.0);
            }
            try (BoltzmannGenerator bg = b.build()) {
                WeightedSamples samples = bg.train().sample(40);
                firstLoss[boosted] = bg.history().rows().get(0).loss();
                assertEquals(6, bg.history().rows().size());
                for (int i = 0; i < samples.size(); i += 7) {
                    double[] x = java.util.Arrays.copyOfRange(samples.xyz(), 66 * i, 66 * (i + 1));
                    assertEquals(-ff.energy(x) / state.kT() - samples.logQ()[i], samples.logWeights()[i], 1e-8);
                }
            }
        }
        assertTrue(firstLoss[0] != firstLoss[1], "the boosted first batch draws other frames: " + firstLoss[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).start(frames.frame(0))
                        .training(TrainingPlan.of(TrainingPhase.weightedForwardKl(2, 32, 1e-4, 0)))
                        .boost(cvs, 8.0, 0.5).build());
        assertTrue(e.getMessage().contains("reference frames"), e.getMessage());
    }

    @Test
    void missingInputsAreRefusedBeforeAnyWork() throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).build());
        assertTrue(e.getMessage().contains("no reference frames"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BoltzmannGenerator.builder(ThermodynamicState.at(300),
                ff.topology()));
        assertTrue(e.getMessage().contains("energy model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BoltzmannGenerator.builder(state, ff.topology())
                .start(new double[9]));
        assertTrue(e.getMessage().contains("3 atoms"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FlowSpec.of(2, 4, 16).withCartesianAtoms(1, 2));
        assertTrue(e.getMessage().contains("at least 3 atoms"), e.getMessage());
    }
}
