package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.Stream;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every layer of the package meets, checked on a perturbed (non-identity) instance of each, and for
 * the conditional layers with a context.
 */
class LayerContractTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    static Stream<String> layers() {
        return LayerCatalog.all().keySet().stream();
    }

    private static FlowLayer build(NDManager manager, String name, long seed) {
        return LayerCatalog.all().get(name).apply(manager, seed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void isABijectionWithExactLogDets(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLayer layer = build(manager, name, 21L);
            NDArray z = Rng.normal(manager, new Shape(6, LayerCatalog.DIM), DataType.FLOAT64, 5L).mul(1.5);
            LayerChecks.assertBijection(layer, z);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void sameSeedGivesIdenticalParametersAndOutputs(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLayer a = build(manager, name, 8L);
            FlowLayer b = build(manager, name, 8L);
            FlowLayer c = build(manager, name, 9L);
            boolean differs = false;
            for (int i = 0; i < a.parameters().size(); i++) {
                double[] pa = a.parameters().get(i).getArray().toDoubleArray();
                assertArrayEquals(pa, b.parameters().get(i).getArray().toDoubleArray(), name + " parameter " + i);
                differs |= !Arrays.equals(pa, c.parameters().get(i).getArray().toDoubleArray());
            }
            NDArray z = Rng.normal(manager, new Shape(4, LayerCatalog.DIM), DataType.FLOAT64, 6L);
            assertArrayEquals(a.forward(z).value().toDoubleArray(), b.forward(z).value().toDoubleArray());
            assertArrayEquals(a.inverse(z).logDet().toDoubleArray(), b.inverse(z).logDet().toDoubleArray());
            differs |= !Arrays.equals(a.forward(z).value().toDoubleArray(), c.forward(z).value().toDoubleArray());
            assertEquals(true, differs, name + ": another seed should give another layer");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void rebuildsFromItsJsonThroughTheRegistry(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLayer layer = build(manager, name, 13L);
            NDArray z = Rng.normal(manager, new Shape(4, LayerCatalog.DIM), DataType.FLOAT64, 7L);
            LayerChecks.assertRebuildsFromJson(layer, z);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void parametersKeepTheirDtypeAndGradientsFlow(String name) {
        try (NDManager manager = NDManager.newBaseManager();
                ai.djl.training.GradientCollector collector =
                        ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            FlowLayer layer = build(manager, name, 3L);
            NDArray x = Rng.normal(manager, new Shape(8, LayerCatalog.DIM), DataType.FLOAT64, 2L);
            x.setRequiresGradient(true);
            NDArray loss = layer.inverse(x).value().square().sum().add(layer.inverse(x).logDet().sum());
            collector.backward(loss);
            for (var p : layer.parameters()) {
                assertEquals(DataType.FLOAT64, p.getArray().getDataType(), name + " " + p.getName());
                if (p.requiresGradient()) {
                    double[] g = p.getArray().getGradient().toDoubleArray();
                    assertFalse(Arrays.stream(g).anyMatch(v -> !Double.isFinite(v)), name + " " + p.getName());
                }
            }
        }
    }

    static Stream<String> conditionalLayers() {
        return LayerCatalog.conditional().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionalLayers")
    void conditionalLayerIsABijectionForEachContext(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLayer layer = LayerCatalog.conditional().get(name).apply(manager, 21L);
            NDArray z = Rng.normal(manager, new Shape(6, LayerCatalog.DIM), DataType.FLOAT64, 5L).mul(1.5);
            NDArray context = Rng.normal(manager, new Shape(6, LayerCatalog.CONTEXT), DataType.FLOAT64, 4L);
            LayerChecks.assertConditionalBijection(layer, z, context);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionalLayers")
    void conditionalLayerDependsOnTheContextAndRequiresIt(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLayer layer = LayerCatalog.conditional().get(name).apply(manager, 21L);
            NDArray z = Rng.normal(manager, new Shape(3, LayerCatalog.DIM), DataType.FLOAT64, 5L);
            NDArray c1 = Rng.normal(manager, new Shape(3, LayerCatalog.CONTEXT), DataType.FLOAT64, 4L);
            NDArray c2 = c1.add(0.5);
            double[] x1 = layer.forward(z, c1).value().toDoubleArray();
            double[] x2 = layer.forward(z, c2).value().toDoubleArray();
            assertFalse(Arrays.equals(x1, x2), name + ": another context should give another map");
            assertThrows(IllegalArgumentException.class, () -> layer.forward(z));
            assertThrows(IllegalArgumentException.class, () -> layer.inverse(z, c1.get("0:2")));
        }
    }
}
