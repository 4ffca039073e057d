package org.boltzflow.examples.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.generator.BoltzmannGenerator;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.energy.EnergyTarget;
import org.boltzflow.flows.NormalizingFlow;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Boltzmann generator's flow keeps exact gradients when the JVM collects garbage between the forward and the
 * backward pass (DJL frees the numbers of {@code mul(Number)} and friends at once, which used to corrupt gradients).
 */
class GeneratorFlowTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"float64", "float32"})
    void forwardAndReverseKlGradientsSurviveGarbageCollection(String precision) throws IOException {
        RunConfig config = RunConfig.preset("tiny");
        GeneratorJob job = new GeneratorJob(config, tmp.resolve("run"), tmp.resolve("cache"),
                new PrintStream(PrintStream.nullOutputStream()));
        Trajectory md = job.referenceData(() -> false);
        ThermodynamicState state = new ThermodynamicState(job.forceField(), 300);
        try (NDManager manager = NDManager.newBaseManager();
                BoltzmannGenerator generator = BoltzmannGenerator.builder(state, job.forceField().topology())
                        .reference(md).flow(config.flow().withPrecision(precision)).training(config.plan()).build();
                BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(job.forceField(), 1)) {
            NormalizingFlow flow = generator.flow();
            perturb(flow);
            NDArray frames = manager.create(java.util.Arrays.copyOf(md.flatten(), 16 * 66), new Shape(16, 66));
            EnergyTarget target = EnergyTarget.of(evaluator, state);
            assertSameGradientWithGc(flow, m -> flow.forwardKld(frames));
            assertSameGradientWithGc(flow, m -> flow.reverseKld(m, 16, target, 1.0, 3L));
        }
    }

    private static void perturb(NormalizingFlow flow) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (Parameter p : flow.parameters()) {
            if (p.requiresGradient()) {
                NDArray a = p.getArray();
                double[] v = a.toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] += 0.05 * random.nextGaussian();
                }
                try (NDManager scratch = NDManager.newBaseManager()) {
                    a.set(scratch.create(v).toType(a.getDataType(), false).toByteBuffer());
                }
            }
        }
    }

    private static void assertSameGradientWithGc(NormalizingFlow flow, Function<NDManager, NDArray> loss) {
        List<double[]> plain = gradients(flow, loss, false);
        List<double[]> collected = gradients(flow, loss, true);
        double norm = 0;
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), collected.get(i), 1e-12, "gradient of parameter " + i);
            for (double g : plain.get(i)) {
                norm += g * g;
            }
        }
        assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm² " + norm);
    }

    private static List<double[]> gradients(NormalizingFlow flow, Function<NDManager, NDArray> loss, boolean gc) {
        List<double[]> out = new ArrayList<>();
        try (NDScope scope = new NDScope(); NDManager scratch = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray value = loss.apply(scratch);
            if (gc) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    System.runFinalization();
                }
            }
            collector.backward(value);
            for (Parameter p : flow.parameters()) {
                if (p.requiresGradient()) {
                    NDArray g = p.getArray().getGradient();
                    out.add(g.toType(DataType.FLOAT64, false).toDoubleArray());
                    g.subi(g);
                }
            }
        }
        return out;
    }
}
