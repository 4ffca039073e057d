package org.boltzflow.flows.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.TwoMoons;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainerTest {
    @BeforeAll
    static void engine() {
        Engines.init(2);
    }

    @Test
    void forwardKlFitsTheMeanAndScaleOfGaussianData() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian model = new DiagonalGaussian(manager, 2, true, DataType.FLOAT64);
            Trainer trainer = Trainer.builder(model).learningRate(Tracker.fixed(5e-2f)).build();
            List<StepReport> reports = new ArrayList<>();
            trainer.fit((m, step, seed) -> {
                NDArray data = Rng.normal(m, new Shape(512, 2), DataType.FLOAT64, seed).mul(0.5).add(2.0);
                return model.logProb(data).mean().neg();
            }, 0, 400, 7L, reports::add);
            double[] loc = model.parameters().get(0).getArray().toDoubleArray();
            double[] logScale = model.parameters().get(1).getArray().toDoubleArray();
            assertEquals(DataType.FLOAT64, model.parameters().get(0).getArray().getDataType());
            assertEquals(2.0, loc[0], 0.05);
            assertEquals(2.0, loc[1], 0.05);
            assertEquals(Math.log(0.5), logScale[0], 0.05);
            assertEquals(0, reports.get(reports.size() - 1).skippedTotal());
        }
    }

    @Test
    void nonFiniteLossesAreSkippedThenRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian model = new DiagonalGaussian(manager, 1, true, DataType.FLOAT64);
            Trainer trainer = Trainer.builder(model).maxSkipsInARow(3).build();
            List<StepReport> reports = new ArrayList<>();
            Objective nan = (m, step, seed) -> model.logProb(m.create(new double[][] {{Double.NaN}})).mean();
            assertThrows(NonFiniteTrainingException.class, () -> trainer.fit(nan, 0, 10, 1L, reports::add));
            assertEquals(3, reports.size());
            assertTrue(reports.stream().allMatch(StepReport::skipped));
            assertEquals(0.0, model.parameters().get(0).getArray().toDoubleArray()[0]);
        }
    }

    /** A step whose gradient is infinite (d√x/dx at 0) is skipped and leaves no NaN behind for the next steps. */
    @Test
    void aNonFiniteGradientIsSkippedAndTrainingRecovers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian model = new DiagonalGaussian(manager, 1, true, DataType.FLOAT64);
            Trainer trainer = Trainer.builder(model).maxSkipsInARow(1).learningRate(Tracker.fixed(1e-2f)).build();
            List<StepReport> reports = new ArrayList<>();
            trainer.fit((m, step, seed) -> step == 0 ? model.parameters().get(0).getArray().sqrt().sum()
                    : model.logProb(m.create(new double[][] {{1.0}})).mean().neg(), 0, 5, 1L, reports::add);
            assertTrue(reports.get(0).skipped());
            assertTrue(reports.subList(1, 5).stream().noneMatch(StepReport::skipped));
            assertTrue(model.parameters().get(0).getArray().toDoubleArray()[0] > 0, "the mean moved toward the data");
        }
    }

    @Test
    void restoringOptimizerStateResumesBitIdentically() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian straight = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            Trainer straightTrainer = Trainer.builder(straight).learningRate(Tracker.fixed(1e-2f)).build();
            straightTrainer.fit(gaussianData(straight), 0, 20, 11L, r -> { });

            DiagonalGaussian first = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            Trainer firstTrainer = Trainer.builder(first).learningRate(Tracker.fixed(1e-2f)).build();
            firstTrainer.fit(gaussianData(first), 0, 10, 11L, r -> { });

            DiagonalGaussian resumed = new DiagonalGaussian(manager, 3, true, DataType.FLOAT64);
            for (int i = 0; i < 2; i++) {
                resumed.parameters().get(i).getArray().set(first.parameters().get(i).getArray().toByteBuffer());
            }
            Trainer resumedTrainer = Trainer.builder(resumed).learningRate(Tracker.fixed(1e-2f)).build();
            resumedTrainer.optimizer().restore(firstTrainer.optimizer().moments(), firstTrainer.optimizer().updates());
            resumedTrainer.fit(gaussianData(resumed), 10, 10, 11L, r -> { });
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(straight.parameters().get(i).getArray().toDoubleArray(),
                        resumed.parameters().get(i).getArray().toDoubleArray());
            }
            assertEquals(20, resumedTrainer.optimizer().updates());
        }
    }

    @Test
    void halvedBatchesGiveTheSameParametersBitForBitOnOneThreadAndOnTwo() {
        Set<String> halfThreads = ConcurrentHashMap.newKeySet();
        double[] one = trainedOnHalves(1, halfThreads);
        assertEquals(Set.of(Thread.currentThread().getName()), halfThreads);
        halfThreads.clear();
        double[] two = trainedOnHalves(2, halfThreads);
        assertEquals(Set.of(Thread.currentThread().getName(), "boltzflow-train-half"), halfThreads);
        assertArrayEquals(one, two);
        double[] whole = trainedOnHalves(0, halfThreads);
        assertEquals(one.length, whole.length);
        for (int i = 0; i < one.length; i++) {
            assertEquals(whole[i], one[i], 1e-9, "parameter " + i);
        }
        assertTrue(Arrays.stream(one).anyMatch(v -> v != 0));
    }

    /**
     * A RealNVP's parameters after 10 forward-KL steps on two-moons batches of 256, the loss computed in two halves
     * on {@code threads} trainer threads (0: the whole batch as one plain objective, one thread).
     */
    private static double[] trainedOnHalves(int threads, Set<String> halfThreads) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<FlowLayer> layers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), new int[] {32, 32},
                        Activation.TANH, 2.0, DataType.FLOAT64, Rng.derive(5L, i)));
            }
            NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 2, true, DataType.FLOAT64),
                    layers);
            TwoMoons target = new TwoMoons();
            HalvedObjective halves = (m, step, seed, half) -> {
                halfThreads.add(Thread.currentThread().getName());
                NDArray batch = target.sample(m, 256, seed).x();
                int from = HalvedObjective.from(256, half);
                int to = HalvedObjective.from(256, half + 1);
                return flow.forwardKld(batch.get(from + ":" + to)).mul((to - from) / 256.0);
            };
            Objective whole = (m, step, seed) -> flow.forwardKld(target.sample(m, 256, seed).x());
            Trainer.builder(flow).learningRate(Tracker.fixed(1e-2f)).threads(Math.max(1, threads)).build()
                    .fit(threads == 0 ? whole : halves, 0, 10, 6L, r -> {});
            return flow.parameters().stream().filter(p -> p.requiresGradient())
                    .flatMapToDouble(p -> Arrays.stream(p.getArray().toDoubleArray())).toArray();
        }
    }

    private static Objective gaussianData(DiagonalGaussian model) {
        return (m, step, seed) -> model.logProb(
                Rng.normal(m, new Shape(64, 3), DataType.FLOAT64, seed).mul(0.5).add(1.0)).mean().neg();
    }
}
