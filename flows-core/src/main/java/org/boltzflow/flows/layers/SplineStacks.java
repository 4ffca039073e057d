package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;

/**
 * Ready-made stacks of spline layers over mixed domains: {@code blocks} coupling layers with alternating masks,
 * each preceded by a random {@link CircularShift} when there are circular coordinates, so no angle stays the fixed
 * point of every circular spline.
 */
public final class SplineStacks {
    private SplineStacks() {}

    /** Coupling blocks {@code [shift,] coupling(mask alternating, starting with the even coordinates fixed)}. */
    public static List<FlowLayer> coupling(NDManager manager, List<Domain> domains, int blocks,
            SplineSettings settings, int[] hidden, Activation activation, DataType dtype, long seed) {
        boolean circular = domains.stream().anyMatch(Domain::isCircular);
        List<FlowLayer> layers = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            if (circular) {
                layers.add(CircularShift.random(domains, Rng.derive(seed, 2L * b)));
            }
            layers.add(new SplineCoupling(manager, domains, AffineCoupling.alternatingMask(domains.size(), b % 2),
                    settings, hidden, activation, dtype, Rng.derive(seed, 2L * b + 1)));
        }
        return layers;
    }
}
