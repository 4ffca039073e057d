package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image layers of Glow meet the layer contract, the squeeze puts pixels where it says, and a Glow saves and
 * loads.
 */
class GlowLayersTest {
    private static final DataType F64 = DataType.FLOAT64;
    private static final ImageShape IMAGE = new ImageShape(3, 2, 4);

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    /** Image layer name to a builder {@code (manager, seed) -> layer} on {@link #IMAGE}-shaped rows. */
    static Map<String, BiFunction<NDManager, Long, FlowLayer>> layers() {
        Map<String, BiFunction<NDManager, Long, FlowLayer>> layers = new TreeMap<>();
        layers.put("Squeeze", (m, seed) -> new Squeeze(IMAGE));
        layers.put("ActNorm", (m, seed) -> {
            ActNorm layer = new ActNorm(m, IMAGE.channels(), IMAGE.pixels(), F64);
            layer.initialize(Rng.normal(m, new Shape(4, IMAGE.size()), F64, seed).mul(2.0).add(0.5));
            return layer;
        });
        layers.put("LuLinear", (m, seed) -> new LuLinear(m, IMAGE.channels(), IMAGE.pixels(), F64, seed));
        layers.put("ConvAffineCoupling", (m, seed) -> new ConvAffineCoupling(m, IMAGE, 6, 2.0, F64, seed));
        layers.put("LeadingCoordinates", (m, seed) -> new LeadingCoordinates(new ConvAffineCoupling(m,
                new ImageShape(2, 2, 2), 4, 2.0, F64, seed), 8, IMAGE.size()));
        return layers;
    }

    static java.util.stream.Stream<String> names() {
        return layers().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void imageLayerIsABijectionWithExactLogDetsAndRebuilds(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowLayer layer = layers().get(name).apply(manager, 4L);
            LayerChecks.perturb(layer, 0.3, 12L);
            NDArray z = Rng.normal(manager, new Shape(5, IMAGE.size()), F64, 3L);
            LayerChecks.assertBijection(layer, z);
            LayerChecks.assertRebuildsFromJson(layer, z);
        }
    }

    @Test
    void squeezeMovesEachTwoByTwoBlockIntoChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageShape image = new ImageShape(1, 2, 4);
            double[] pixels = {0, 1, 2, 3, 10, 11, 12, 13};
            double[] squeezed = new Squeeze(image).inverse(manager.create(pixels, new Shape(1, 8))).value()
                    .toDoubleArray();
            // channel 2i + j holds pixel (i, j) of each block; the two blocks are the two columns of the output
            LayerChecks.assertClose(new double[] {0, 2, 1, 3, 10, 12, 11, 13}, squeezed, 0, "squeezed image");
        }
    }

    @Test
    void glowIsABijectionAndSavesAndLoads(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = Glow.multiscale(manager, new ImageShape(1, 4, 4), new Glow.Settings(2, 1, 4, 2.0),
                    F64, 3L);
            NDArray x = Rng.normal(manager, new Shape(6, 16), F64, 2L);
            flow.logProb(x);
            LayerChecks.perturb(flow, 0.2, 5L);
            NDArray z = flow.inverse(x).value();
            LayerChecks.assertClose(x.toDoubleArray(), flow.forward(z, 0L).value().toDoubleArray(), 1e-10,
                    "forward(inverse(x))");
            double logDet = LayerChecks.finiteDifferenceLogAbsDet(flow::inverse, manager, x.get(0).toDoubleArray(),
                    1e-5);
            assertEquals(logDet, flow.inverse(x.get("0:1")).logDet().getDouble(), 1e-6, "log-det of the whole Glow");
            FlowIO.save(flow, dir, "glow");
            NormalizingFlow loaded = FlowIO.load(dir, "glow", manager, NormalizingFlow.class);
            LayerChecks.assertClose(flow.logProb(x).toDoubleArray(), loaded.logProb(x).toDoubleArray(), 0,
                    "log-density of the loaded Glow");
        }
    }
}
