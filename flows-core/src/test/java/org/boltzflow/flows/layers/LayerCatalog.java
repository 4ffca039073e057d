package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.testing.LayerChecks;

/**
 * One non-trivial instance of every layer of the package, for the checks all layers share: built from a seed,
 * float64, on {@value #DIM} coordinates, with trainable parameters perturbed away from their identity
 * initialisation (and ActNorm/BatchNormFlow given statistics from a data batch). {@link #conditional()} holds
 * the conditional layers, with a context of {@value #CONTEXT}.
 */
final class LayerCatalog {
    static final int DIM = 5;
    static final int CONTEXT = 2;
    private static final DataType F64 = DataType.FLOAT64;
    private static final List<Domain> DOMAINS = List.of(Domain.unbounded(4.0), Domain.circular(),
            Domain.unbounded(5.0), Domain.circular(), Domain.unbounded(3.0));
    private static final SplineSettings SPLINE = SplineSettings.of(5);

    private LayerCatalog() {}

    /** Layer name to a builder {@code (manager, seed) -> layer}. */
    static Map<String, BiFunction<NDManager, Long, FlowLayer>> all() {
        Map<String, BiFunction<NDManager, Long, FlowLayer>> layers = new TreeMap<>();
        layers.put("AffineCoupling", (m, seed) -> perturbed(new AffineCoupling(m,
                new boolean[] {true, false, false, true, false}, new int[] {8, 8}, Activation.TANH, 2.0, F64, seed),
                seed));
        layers.put("MAF", (m, seed) -> perturbed(new MaskedAffineAutoregressive(m, new int[] {12, 12},
                new int[] {3, 0, 4, 2, 1}, Activation.TANH, 2.0, MaskedAffineAutoregressive.Direction.MAF, F64, seed),
                seed));
        layers.put("IAF", (m, seed) -> perturbed(new MaskedAffineAutoregressive(m, new int[] {12},
                MaskedAffineAutoregressive.reversedOrdering(DIM), Activation.SILU, 2.0,
                MaskedAffineAutoregressive.Direction.IAF, F64, seed), seed));
        layers.put("ActNorm", (m, seed) -> {
            ActNorm layer = new ActNorm(m, DIM, F64);
            layer.initialize(Rng.normal(m, new Shape(16, DIM), F64, seed).mul(3.0).add(1.0));
            return perturbed(layer, seed);
        });
        layers.put("ShiftScale", (m, seed) -> perturbed(new ShiftScale(m, DIM, F64), seed));
        layers.put("LuLinear", (m, seed) -> perturbed(new LuLinear(m, DIM, F64, seed), seed));
        layers.put("Permutation", (m, seed) -> Permutation.random(m, DIM, seed));
        layers.put("BatchNormFlow", (m, seed) -> {
            BatchNormFlow layer = new BatchNormFlow(m, DIM, 0.5, 1e-5, F64);
            layer.inverse(Rng.normal(m, new Shape(16, DIM), F64, seed).mul(2.0).add(-1.0));
            layer.setTraining(false);
            return perturbed(layer, seed);
        });
        layers.put("Planar", (m, seed) -> perturbed(new Planar(m, DIM, F64, seed), seed));
        layers.put("Radial", (m, seed) -> perturbed(new Radial(m, DIM, F64, seed), seed));
        layers.put("SplineCoupling", (m, seed) -> perturbed(new SplineCoupling(m, DOMAINS,
                new boolean[] {false, true, true, false, false}, SPLINE, new int[] {8}, Activation.TANH, F64, seed),
                seed));
        layers.put("AutoregressiveSpline", (m, seed) -> perturbed(new AutoregressiveSpline(m, DOMAINS, SPLINE,
                new int[] {16}, Activation.TANH, F64, seed), seed));
        layers.put("ResidualBlock", (m, seed) -> {
            ResidualBlock block = new ResidualBlock(m, DIM, ResidualBlock.Settings.of(16, 16).withTolerance(1e-12), F64,
                    seed);
            perturbed(block, seed);
            block.updateSpectralNorms(200);
            block.setTraining(false);
            return block;
        });
        return layers;
    }

    /** Conditional layer name to a builder {@code (manager, seed) -> layer} with a context of {@value #CONTEXT}. */
    static Map<String, BiFunction<NDManager, Long, FlowLayer>> conditional() {
        Map<String, BiFunction<NDManager, Long, FlowLayer>> layers = new TreeMap<>();
        layers.put("AffineCoupling", (m, seed) -> perturbed(new AffineCoupling(m,
                new boolean[] {true, false, false, true, false}, CONTEXT, new int[] {8, 8}, Activation.TANH, 2.0, F64,
                seed), seed));
        layers.put("MAF", (m, seed) -> perturbed(new MaskedAffineAutoregressive(m, CONTEXT, new int[] {12, 12},
                new int[] {3, 0, 4, 2, 1}, Activation.TANH, 2.0, MaskedAffineAutoregressive.Direction.MAF, F64, seed),
                seed));
        layers.put("IAF", (m, seed) -> perturbed(new MaskedAffineAutoregressive(m, CONTEXT, new int[] {12},
                MaskedAffineAutoregressive.reversedOrdering(DIM), Activation.SILU, 2.0,
                MaskedAffineAutoregressive.Direction.IAF, F64, seed), seed));
        layers.put("SplineCoupling", (m, seed) -> perturbed(new SplineCoupling(m, DOMAINS,
                new boolean[] {false, true, true, false, false}, CONTEXT, SPLINE, new int[] {8}, Activation.TANH, F64,
                seed), seed));
        layers.put("AutoregressiveSpline", (m, seed) -> perturbed(new AutoregressiveSpline(m, DOMAINS, CONTEXT, SPLINE,
                new int[] {16}, Activation.TANH, F64, seed), seed));
        return layers;
    }

    private static FlowLayer perturbed(FlowLayer layer, long seed) {
        LayerChecks.perturb(layer, 0.3, Rng.derive(seed, 99));
        return layer;
    }
}
