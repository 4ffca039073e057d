package org.boltzflow.boltzmann.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.io.FlowIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A temperature-conditioned generator of alanine dipeptide trained a few steps at two temperatures: weights from the
 * energy and the conditional density at each temperature, save/load with its context and temperature range, and
 * the refusals.
 */
class TemperatureConditionedGeneratorTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));
    private static final Path PRMTOP = DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop");
    private static final Path PDB = DATA.resolve("alanine-dipeptide/alanine-dipeptide.pdb");
    private static final ReferenceMd.Settings TINY_MD = new ReferenceMd.Settings(1, 200, 2000, 20, 0.001, 1.0);
    private static final double KB = 0.0083144626; // kJ/(mol K)
    private static final TemperatureContext RANGE = new TemperatureContext(300, 400);

    @TempDir
    Path dir;

    @Test
    void theContextIsTheScaledInverseTemperatureAndReverseStepsDrawUniformlyInIt() {
        TemperatureContext range = new TemperatureContext(300, 600);
        assertEquals(1.0, range.value(300), 1e-12);
        assertEquals(-1.0, range.value(600), 1e-12);
        assertEquals(2 * (1 / 400.0 - 1 / 600.0) / (1 / 300.0 - 1 / 600.0) - 1, range.value(400), 1e-12);
        assertEquals(600, range.drawn(0), 1e-9);
        assertEquals(300, range.drawn(1), 1e-9);
        assertEquals(400, range.drawn(0.5), 1e-9); // 1/400 is halfway between 1/600 and 1/300
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range.value(299));
        assertEquals("temperature 299.0 K is outside the generator's temperature range 300.0-600.0 K",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TemperatureContext(600, 300));
    }

    @Test
    void theDocumentedSettingsDescribeTheMeasuredComparison() {
        // the first temperature block of docs/generator.md
        ReferenceMd.Settings md = new ReferenceMd.Settings(4, 20_000, 500_000, 50, 0.001, 1.0);
        FlowSpec flow = FlowSpec.of(4, 8, 64, 64);
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(1000, 512, 1e-3),
                TrainingPhase.reverse(150, 256, 2.0, 5e-5, 1.0));
        double[] temperatures = {300, 375, 450, 525, 600};
        int count = 50_000;
        Path saved = Path.of("tgen");

        assertEquals(40_000, md.chains() * md.steps() / md.saveEvery(), "frames per temperature");
        assertEquals(1150, plan.totalSteps());
        assertEquals(4, flow.blocks());
        assertEquals(5, temperatures.length);
        assertTrue(count > 0 && saved.getFileName().toString().equals("tgen"));
    }

    @Test
    void theDocumentedJavaExampleRunsWithTinySettings() throws IOException {
        Path prmtop = PRMTOP;
        Path pdb = PDB;
        ReferenceMd.Settings md = TINY_MD;
        FlowSpec flow = FlowSpec.of(2, 4, 16);
        TrainingPlan plan = TrainingPlan.of(TrainingPhase.forwardKl(6, 32, 1e-3),
                TrainingPhase.reverse(4, 16, 2.0, 5e-5, 1.0));
        double[] temperatures = {300, 600};
        int count = 60;
        Path saved = dir.resolve("tgen");

        // the second temperature block of docs/generator.md
        AmberForceField ff = AmberForceField.load(prmtop, Solvent.OBC1);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        double[] start = PdbFile.read(pdb).trajectory().frame(0);
        BoltzmannGenerator.Builder builder = BoltzmannGenerator.builder(state, ff.topology())
                .temperatures(new TemperatureContext(300, 600)).flow(flow).training(plan);
        for (double t : temperatures) {
            builder.reference(new ReferenceMd(state.atTemperature(t), ff.topology().masses(), md, 1L)
                    .run(start, 2, steps -> {}), t);
        }
        try (BoltzmannGenerator bg = builder.build()) {
            WeightedSamples at450 = bg.train().sample(count, 450);
            System.out.println(at450.ess());
            bg.save(saved, "model");

            assertEquals(60, at450.size() + at450.invalid());
            assertEquals(10, bg.history().rows().size());
            assertTrue(at450.ess() > 0 && at450.ess() <= 1, "ESS " + at450.ess());
            assertTrue(java.nio.file.Files.isRegularFile(saved.resolve("model.json")), "saved model");
        }
    }

    @Test
    void samplesAtEachTemperatureAreWeighedByThatTemperaturesEnergyAndConditionalDensity() throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        double[] start = PdbFile.read(PDB).trajectory().frame(0);
        Trajectory cold = new ReferenceMd(state, ff.topology().masses(), TINY_MD, 1L).run(start, 1, s -> {});
        Trajectory hot = new ReferenceMd(state.atTemperature(400), ff.topology().masses(), TINY_MD, 2L)
                .run(start, 1, s -> {});
        double[] frames = Arrays.copyOf(hot.flatten(), 66 * 20);
        try (BoltzmannGenerator bg = BoltzmannGenerator.builder(state, ff.topology()).temperatures(RANGE)
                .reference(cold, 300).reference(hot, 400)
                .flow(FlowSpec.of(2, 4, 16))
                .training(TrainingPlan.of(TrainingPhase.forwardKl(6, 32, 1e-3),
                        TrainingPhase.reverse(4, 16, 2.0, 5e-5, 1.0)))
                .seed(1).threads(2).build()) {
            bg.train();
            assertEquals(TemperatureContext.SIZE, bg.flow().contextSize());
            assertEquals(10, bg.history().rows().size());
            assertEquals(4 * 16, bg.energyEvaluations());
            assertEquals(200, bg.referenceTemperatures().length);
            assertEquals(300, bg.referenceTemperatures()[0]);
            assertEquals(400, bg.referenceTemperatures()[199]);
            for (double t : new double[] {300, 400}) {
                WeightedSamples samples = bg.sample(60, t);
                assertEquals(60, samples.size() + samples.invalid());
                assertWeights(ff, bg, samples, t);
                assertWeights(ff, bg, bg.weigh(frames, t), t);
            }
            double[] logQ300 = bg.weigh(frames, 300).logQ();
            double[] logQ400 = bg.weigh(frames, 400).logQ();
            assertTrue(maxDifference(logQ300, logQ400) > 1e-6, "the density depends on the temperature");

            bg.save(dir, "model");
            for (TemperatureContext given : new TemperatureContext[] {null, RANGE}) {   // restored, or given again
                try (BoltzmannGenerator loaded = BoltzmannGenerator.builder(state, ff.topology()).temperatures(given)
                        .savedModel(dir, "model").build()) {
                    assertEquals(TemperatureContext.SIZE, loaded.flow().contextSize());
                    assertEquals(RANGE, loaded.temperatures());
                    assertArrayEquals(logQ400, loaded.weigh(frames, 400).logQ(), 1e-12);
                    assertArrayEquals(logQ300, loaded.weigh(frames, 300).logQ(), 1e-12);
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BoltzmannGenerator.builder(state, ff.topology()).temperatures(new TemperatureContext(300,
                            500)).savedModel(dir, "model").build());
            assertEquals("the saved model " + dir.resolve("model") + " was trained over 300.0-400.0 K, not the "
                    + "given 300.0-500.0 K: give its range or none", e.getMessage());
            FlowIO.save(bg.flow(), dir, "bare");                                   // a flow without the range
            e = assertThrows(IllegalArgumentException.class,
                    () -> BoltzmannGenerator.builder(state, ff.topology()).savedModel(dir, "bare").build());
            assertTrue(e.getMessage().contains("has a context of size 1: give its temperature range"),
                    e.getMessage());
            Path json = dir.resolve("model.json");
            java.nio.file.Files.writeString(json, java.nio.file.Files.readString(json)
                    .replace("\"maxTemperature\": 400.0", "\"maxTemperature\": 200.0"));
            e = assertThrows(IllegalArgumentException.class,
                    () -> BoltzmannGenerator.builder(state, ff.topology()).savedModel(dir, "model").build());
            assertTrue(e.getMessage().startsWith(json + ": metadata.temperatures: a temperature range needs 0 < min "
                    + "< max"), e.getMessage());

            e = assertThrows(IllegalArgumentException.class, () -> bg.sample(10, 450));
            assertEquals("temperature 450.0 K is outside the generator's temperature range 300.0-400.0 K",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> bg.sample(10));
            assertEquals("this generator is conditioned on temperature (300.0-400.0 K): sample needs a temperature",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> bg.weigh(frames));
            assertTrue(e.getMessage().contains("weigh needs a temperature"), e.getMessage());
        }
    }

    /** Each weight is -E/kT - log q(x | T), q evaluated directly from the flow with T's context. */
    private static void assertWeights(AmberForceField ff, BoltzmannGenerator bg, WeightedSamples samples, double t) {
        double[] direct;
        try (NDManager manager = NDManager.newBaseManager()) {
            direct = bg.flow().logProb(manager.create(samples.xyz(), new Shape(samples.size(), 66)),
                    RANGE.rows(manager, new double[] {t})).toDoubleArray();
        }
        for (int i = 0; i < samples.size(); i += 7) {
            double[] x = Arrays.copyOfRange(samples.xyz(), 66 * i, 66 * (i + 1));
            double energy = ff.energy(x);
            assertEquals(energy, samples.energies()[i], 1e-9 * Math.abs(energy) + 1e-9);
            assertEquals(direct[i], samples.logQ()[i], 1e-8 * Math.abs(direct[i]) + 1e-8);
            assertEquals(-energy / (KB * t) - direct[i], samples.logWeights()[i], 1e-7);
        }
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void inconsistentTemperatureInputsAreRefusedBeforeAnyTraining() throws IOException {
        AmberForceField ff = AmberForceField.load(PRMTOP, Solvent.VACUUM);
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        Trajectory frames = PdbFile.read(PDB).trajectory();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).temperatures(RANGE).reference(frames, 500)
                        .build());
        assertEquals("temperature 500.0 K is outside the generator's temperature range 300.0-400.0 K",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).temperatures(RANGE).reference(frames).build());
        assertTrue(e.getMessage().contains("reference(frames, temperature)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).reference(frames, 300).build());
        assertTrue(e.getMessage().contains("call temperatures(range)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BoltzmannGenerator.builder(state, ff.topology()).temperatures(RANGE).reference(frames, 300)
                        .training(TrainingPlan.of(TrainingPhase.fab(2, 8, 1e-3,
                                new TrainingPhase.FabSettings(2, 1, 0.1, 16, 1, 10)))).build());
        assertTrue(e.getMessage().contains("FAB phases cannot train a temperature-conditioned generator"),
                e.getMessage());
    }
}
