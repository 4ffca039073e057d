package org.boltzflow.examples.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.generator.AisRefinement;
import org.boltzflow.boltzmann.generator.GeneratorFlow;
import org.boltzflow.boltzmann.generator.TrainingPlan;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.report.Metrics;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.mcmc.estimators.ParetoTail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole alanine-dipeptide pipeline on the {@code tiny} preset: outputs, resume, sampling, bad files. */
class GeneratorJobTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    static Path tmp;

    static Path fullRun;
    static Metrics metrics;

    @BeforeAll
    static void runTinyPipeline() throws IOException {
        fullRun = tmp.resolve("full");
        metrics = job(fullRun).run(() -> false, true);
    }

    private static GeneratorJob job(Path dir) throws IOException {
        return new GeneratorJob(RunConfig.preset("tiny"), dir, tmp.resolve("cache"), QUIET);
    }

    @Test
    void writesEveryOutputWithTheMetricsUsersCompare() throws IOException {
        for (String file : List.of("report.md", "metrics.json", "config.json", "model.json", "model.params",
                "samples.dcd", "weights.npy", "log_weights.npy", "energies.npy", "fes.png", "profiles.png",
                "training.png", "weights.png", "checkpoint.bin",
                "history.csv", "ais_samples.dcd", "ais_weights.npy", "ais_log_weights.npy")) {
            assertTrue(Files.size(fullRun.resolve(file)) > 0, file);
        }
        for (String key : List.of("reverse_ess", "pareto_k", "forward_ess", "kl_cv_md", "kl_cv_md_floor", "pmf_cv_md",
                "delta_f_kj_mol", "delta_f_err_kj_mol", "delta_f_md_kj_mol", "energy_evaluations", "train_seconds",
                "threads", "seed", "ais_ess", "ais_pareto_k", "ais_delta_f_kj_mol", "ais_acceptance", "ais_kl_cv_md",
                "ais_kl_cv_md_floor")) {
            assertNotNull(metrics.get(key), key);
        }
        double ess = (Double) metrics.get("reverse_ess");
        assertTrue(ess > 0 && ess <= 1, "reverse ESS " + ess);
        assertEquals(ParetoTail.shape(Npy.read(fullRun.resolve("log_weights.npy")).data()),
                (Double) metrics.get("pareto_k"), 1e-9);
        double[] weights = Npy.read(fullRun.resolve("weights.npy")).data();
        assertEquals(RunConfig.preset("tiny").samples(), weights.length);
        assertEquals(1.0, java.util.Arrays.stream(weights).sum(), 1e-9);
        assertEquals(RunConfig.preset("tiny").ais().samples() - (int) metrics.get("ais_dropped_chains"),
                Npy.read(fullRun.resolve("ais_weights.npy")).data().length);
        // AIS chains start apart and never merge
        assertEquals(Npy.read(fullRun.resolve("ais_weights.npy")).data().length, metrics.get("ais_distinct_chains"));
        String report = Files.readString(fullRun.resolve("report.md"));
        assertTrue(report.contains("reverse ESS") && report.contains("AIS-refined ESS")
                && report.contains("fes.png"), report);
    }

    @Test
    void aisTowardTheFlowsOwnDensityGivesEveryChainTheSameWeight() throws IOException {
        AisRefinement.Result r = refineTowardItself(new AisRefinement.Settings(200, 4, 2, 0.2));
        assertEquals(200 * 66, r.xyz().length);
        // random-walk steps of 0.2 spreads in the Gaussian coordinates (the angles move freely on their torus):
        // about 2 Φ(-0.2 √d / 2) accepted for d of them
        assertTrue(r.acceptance() > 0.25 && r.acceptance() < 0.8, "acceptance " + r.acceptance());
    }

    @Test
    void hamiltonianAisTowardTheSplineBlocksOwnDensityAcceptsNearlyEveryStep() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowIO.load(fullRun, "model", manager, NormalizingFlow.class);
            // the blocks before the coordinate layer: their density is differentiable in their output, as HMC needs
            NormalizingFlow blocks = new NormalizingFlow(flow.base(),
                    flow.layers().subList(0, flow.layers().size() - 1));
            AisRefinement.Result r = AisRefinement.run(blocks, blocks, GeneratorFlow.latentDomains(flow), 20,
                    new AisRefinement.Settings(200, 4, 2, 0.2, "ais", 0.5, 0, "hmc", 3, 1), 5L, 2, n -> {});
            assertEquals(0, r.dropped());
            for (double logWeight : r.logWeights()) {
                assertEquals(0.0, logWeight, 1e-8);
            }
            // three leapfrog steps of 0.2 spreads on a standard normal and a torus: the energy error is O(ε³) per
            // step, so almost every proposal is accepted (a wrong gradient or a missing half kick would reject most)
            assertTrue(r.acceptance() > 0.9, "acceptance " + r.acceptance());
        }
    }

    @Test
    void aisChunksOnTwoThreadsGiveOneThreadsChainsInTheSameOrder() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowIO.load(fullRun, "model", manager, NormalizingFlow.class);
            // two chunks, the second much shorter: on two threads it finishes first
            AisRefinement.Settings settings = new AisRefinement.Settings(2100, 2, 1, 0.2);
            List<Integer> heard = new ArrayList<>();
            AisRefinement.Result one = AisRefinement.run(flow, flow, GeneratorFlow.latentDomains(flow), 22, settings,
                    5L, 1, n -> {});
            AisRefinement.Result two = AisRefinement.run(flow, flow, GeneratorFlow.latentDomains(flow), 22, settings,
                    5L, 2, heard::add);
            assertArrayEquals(one.xyz(), two.xyz());
            assertArrayEquals(one.logWeights(), two.logWeights());
            assertEquals(one.acceptance(), two.acceptance());
            assertEquals(List.of(2000, 100), heard);
        }
    }

    /** AIS from the tiny run's flow to its own density: every chain must end with log weight 0. */
    private AisRefinement.Result refineTowardItself(AisRefinement.Settings settings) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowIO.load(fullRun, "model", manager, NormalizingFlow.class);
            AisRefinement.Result r = AisRefinement.run(flow, flow, GeneratorFlow.latentDomains(flow), 22, settings,
                    5L, 2, n -> {});
            assertEquals(0, r.dropped());
            for (double logWeight : r.logWeights()) {
                assertEquals(0.0, logWeight, 1e-8);
            }
            return r;
        }
    }

    @Test
    void resumingAnInterruptedRunGivesBitIdenticalParameters() throws IOException {
        Path interrupted = tmp.resolve("interrupted");
        int[] calls = {0};
        BooleanSupplier stopAfterFourSteps = () -> ++calls[0] >= 4;
        assertNull(job(interrupted).run(stopAfterFourSteps, false));
        assertTrue(Files.exists(interrupted.resolve("checkpoint.bin")));
        assertTrue(Files.notExists(interrupted.resolve("model.params")));
        assertNotNull(job(interrupted).run(() -> false, false));
        assertSameParameters(fullRun, interrupted);
        assertEquals(Files.readString(fullRun.resolve("history.csv")).lines().count(),
                Files.readString(interrupted.resolve("history.csv")).lines().count());
    }

    @Test
    void theThreadCountDoesNotChangeTheTrainedModel() throws IOException {
        // the full run trains on two threads (both halves of each batch side by side), this one on one
        Path oneThread = tmp.resolve("one-thread");
        RunConfig config = tinyWith("{\"threads\": 1}");
        assertNotNull(new GeneratorJob(config, oneThread, tmp.resolve("cache-1"), QUIET).run(() -> false, false));
        assertSameParameters(fullRun, oneThread);
        assertEquals(Files.readString(fullRun.resolve("history.csv")),
                Files.readString(oneThread.resolve("history.csv")));
    }

    @Test
    void theAlphaDivergencePhaseChangesOnlyTheSecondPhase() throws IOException {
        RunConfig alpha2 = tinyWith("{\"training\": {\"reverseAlpha\": 2.0}}");
        Path dir = tmp.resolve("alpha2");
        assertNotNull(new GeneratorJob(alpha2, dir, tmp.resolve("cache"), QUIET).run(() -> false, false));
        List<String> reverseKl = Files.readAllLines(fullRun.resolve("history.csv"));
        List<String> alpha = Files.readAllLines(dir.resolve("history.csv"));
        int firstReverse = 1 + (int) (alpha2.training().forwardSteps() + alpha2.training().weightedSteps());
        assertEquals(reverseKl.subList(0, firstReverse), alpha.subList(0, firstReverse));
        double klLoss = Double.parseDouble(reverseKl.get(firstReverse).split(",")[2]);
        double alphaLoss = Double.parseDouble(alpha.get(firstReverse).split(",")[2]);
        assertTrue(Double.isFinite(alphaLoss) && Math.abs(alphaLoss - klLoss) > 1e-6, alphaLoss + " vs " + klLoss);
    }

    @Test
    void fabStepsAfterTheOtherPhasesTrainAFloat64FlowWhateverThePrecisionSays() throws IOException {
        RunConfig config = tinyWith(
                "{\"flow\": {\"precision\": \"float32\"}, \"training\": {\"fabSteps\": 3}, \"ais\": {\"samples\": 0}}");
        Path dir = tmp.resolve("then-fab");
        assertNotNull(new GeneratorJob(config, dir, tmp.resolve("cache"), QUIET).run(() -> false, true));
        List<String> plain = Files.readAllLines(fullRun.resolve("history.csv"));
        List<String> withFab = Files.readAllLines(dir.resolve("history.csv"));
        RunConfig.Training t = config.training();
        int phasesBefore = 1 + (int) (t.forwardSteps() + t.weightedSteps() + t.reverseSteps());
        assertEquals(plain.subList(0, phasesBefore), withFab.subList(0, phasesBefore),
                "the float64 phases of the plain run, then FAB");
        assertEquals(phasesBefore + 3, withFab.size());
        for (String row : withFab.subList(phasesBefore, withFab.size())) {
            String[] f = row.split(",");
            assertEquals("fab", f[1], row);
            assertTrue(Double.isFinite(Double.parseDouble(f[2])), row);
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("then 3 FAB steps"));
    }

    @Test
    void smcRefinementAndTheEssCurveLeaveTrainingAsItWas() throws IOException {
        RunConfig config = tinyWith("{\"ais\": {\"method\": \"smc\"}, \"essCurve\": {\"every\": 3, \"draws\": 200}}");
        Path dir = tmp.resolve("smc-curve");
        Metrics m = new GeneratorJob(config, dir, tmp.resolve("cache"), QUIET).run(() -> false, true);
        assertSameParameters(fullRun, dir);
        List<String> curve = Files.readAllLines(dir.resolve("ess_curve.csv"));
        assertEquals("step,phase,seconds,energy_evaluations,reverse_ess,log_z", curve.get(0));
        // every 3 steps and at the ends of the 6 forward-KL, 3 weighted forward-KL and 4 reverse steps
        assertEquals(List.of("3,forward-kl", "6,forward-kl", "9,weighted-forward-kl", "12,reverse", "13,reverse"),
                curve.subList(1, 6).stream()
                .map(line -> line.split(",")[0] + "," + line.split(",")[1]).toList());
        double lastSeconds = 0;
        for (String line : curve.subList(1, curve.size())) {
            String[] f = line.split(",");
            double seconds = Double.parseDouble(f[2]);
            double ess = Double.parseDouble(f[4]);
            assertTrue(seconds >= lastSeconds && ess > 0 && ess <= 1 && Double.isFinite(Double.parseDouble(f[5])),
                    line);
            lastSeconds = seconds;
        }
        // forward KL reads no energies; each weighted step weighs a batch of 32, each reverse step one of 16
        assertEquals(List.of(0L, 0L, 96L, 144L, 160L), curve.subList(1, 6).stream()
                .map(line -> Long.parseLong(line.split(",")[3])).toList());
        assertTrue(Files.size(dir.resolve("ess_vs_time.png")) > 0);
        // the refined samples' ESS closes the curve, after the training's last point
        String[] refinedRow = curve.get(curve.size() - 1).split(",");
        assertEquals("13,SMC-refined", refinedRow[0] + "," + refinedRow[1]);
        assertEquals((Double) m.get("ais_ess"), Double.parseDouble(refinedRow[4]), 0.0);
        assertEquals(((Number) m.get("energy_evaluations")).longValue(), Long.parseLong(refinedRow[3]));
        assertEquals("smc", m.get("ais_method"));
        int distinct = (int) m.get("ais_distinct_chains");
        assertTrue(distinct > 0 && distinct <= config.ais().samples(), "distinct " + distinct);
        assertTrue(Double.isFinite((Double) m.get("ais_log_z")) && (Double) m.get("ais_ess") > 0,
                m.get("ais_log_z") + " " + m.get("ais_ess"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("SMC-refined ESS"));
    }

    /** The tiny preset with the settings of {@code json} over it. */
    @Test
    void refinementRunsOnlyWhenTheFlowsEssIsBelowTheThreshold() throws IOException {
        Metrics plain = new GeneratorJob(tinyWith("{\"ais\": {\"whenEssBelow\": 1e-9}}"), tmp.resolve("unrefined"),
                tmp.resolve("cache"), QUIET).sampleSaved(fullRun, 100, 3L, "", null);
        double flowEss = ((Number) plain.get("reverse_ess")).doubleValue();
        assertTrue(flowEss > 1e-9 && flowEss < 0.9, "flow ESS " + flowEss);
        assertNull(plain.get("ais_ess"));
        assertTrue(Files.notExists(tmp.resolve("unrefined").resolve("ais_weights.npy")));
        Metrics refined = new GeneratorJob(tinyWith("{\"ais\": {\"whenEssBelow\": 0.9}}"), tmp.resolve("refined"),
                tmp.resolve("cache"), QUIET).sampleSaved(fullRun, 100, 3L, "", null);
        assertEquals(flowEss, ((Number) refined.get("reverse_ess")).doubleValue(), 0.0);
        assertNotNull(refined.get("ais_ess"));
    }

    private static RunConfig tinyWith(String json) {
        return RunConfig.preset("tiny").with(com.google.gson.JsonParser.parseString(json).getAsJsonObject(), "test");
    }

    /** A parameter's values as doubles, exactly (float32 values widen without rounding). */
    private static double[] wide(NDArray values) {
        return values.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static void assertSameParameters(Path a, Path b) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> first = FlowIO.load(a, "model", manager, NormalizingFlow.class).parameters();
            List<Parameter> second = FlowIO.load(b, "model", manager, NormalizingFlow.class).parameters();
            assertEquals(first.size(), second.size());
            for (int i = 0; i < first.size(); i++) {
                assertEquals(first.get(i).getArray().getDataType(), second.get(i).getArray().getDataType());
                assertArrayEquals(wide(first.get(i).getArray()), wide(second.get(i).getArray()),
                        "parameter " + i + " " + first.get(i).getName() + " of " + b);
            }
        }
    }

    @Test
    void manyPassesOverFewReferenceFramesDrawAWarning() {
        TrainingPlan plan = RunConfig.preset("default").plan(); // 1,200 forward-KL steps of 1,024 frames
        assertNull(GeneratorJob.fewFramesWarning(plan, 1_067_200));
        assertNull(GeneratorJob.fewFramesWarning(plan, 307_200), "four passes");
        assertNotNull(GeneratorJob.fewFramesWarning(plan, 307_199));
        String warning = GeneratorJob.fewFramesWarning(plan, 60_000);
        assertTrue(warning.contains("each of the 60000 reference frames 20.5 times"), warning);
    }

    @Test
    void samplingWithTheRunsMdFramesReproducesItsComparisonWithThem() throws IOException {
        Path frames = tmp.resolve("md.npy");
        NpyCoordinates.write(frames, job(tmp.resolve("md")).referenceData(() -> false));
        RunConfig config = RunConfig.preset("tiny");
        Metrics m = new GeneratorJob(config, tmp.resolve("compared"), null, QUIET).sampleSaved(fullRun,
                config.samples(), config.seed(), "", frames);
        for (String key : List.of("forward_ess", "forward_ess_err", "kl_cv_md", "kl_cv_md_floor", "pmf_cv_md",
                "states", "delta_f", "md_frames", "ais_kl_cv_md")) {
            assertNotNull(m.get(key), key);
            assertEquals(metrics.get(key), m.get(key), key);
        }
    }

    @Test
    void samplingTheSavedModelReproducesTheRunsSamplesAndAisChains() throws IOException {
        Path sampled = tmp.resolve("sampled");
        RunConfig config = RunConfig.preset("tiny");
        Metrics m = new GeneratorJob(config, sampled, null, QUIET).sampleSaved(fullRun, config.samples(), config.seed(),
                "", null);
        assertArrayEquals(Npy.read(fullRun.resolve("log_weights.npy")).data(),
                Npy.read(sampled.resolve("log_weights.npy")).data());
        assertArrayEquals(Files.readAllBytes(fullRun.resolve("samples.dcd")),
                Files.readAllBytes(sampled.resolve("samples.dcd")));
        assertEquals(metrics.get("reverse_ess"), m.get("reverse_ess"));
        assertArrayEquals(Npy.read(fullRun.resolve("ais_log_weights.npy")).data(),
                Npy.read(sampled.resolve("ais_log_weights.npy")).data());
        assertEquals(metrics.get("ais_ess"), m.get("ais_ess"));
    }

    @Test
    void corruptedCheckpointAndModelFilesAreRefusedByName() throws IOException {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        for (String file : List.of("checkpoint.bin", "history.csv", "model.json", "model.params", "config.json",
                "system.json")) {
            Files.copy(fullRun.resolve(file), broken.resolve(file));
        }
        corrupt(broken.resolve("checkpoint.bin"));
        RuntimeException e = assertThrows(InvalidInputException.class, () -> job(broken).run(() -> false, false));
        assertTrue(e.getMessage().contains("checkpoint.bin"), e.getMessage());
        corrupt(broken.resolve("model.params"));
        e = assertThrows(InvalidInputException.class, () -> job(tmp.resolve("out")).sampleSaved(broken, 10, 1L, "", null));
        assertTrue(e.getMessage().contains("model.params"), e.getMessage());
    }

    private static void corrupt(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
    }
}
