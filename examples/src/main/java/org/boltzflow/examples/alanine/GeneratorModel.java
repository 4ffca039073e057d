package org.boltzflow.examples.alanine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.coordinates.InternalCoordinateTransform;
import org.boltzflow.boltzmann.coordinates.MixedCoordinateTransform;
import org.boltzflow.boltzmann.coordinates.ZMatrixBuilder;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.CircularShift;
import org.boltzflow.flows.splines.SplineCoupling;
import org.boltzflow.flows.splines.SplineSettings;

/**
 * The Boltzmann generator's flow for a molecule: a product base (Gaussian on bonds and angles, uniform on the circle
 * for dihedrals), coupling rational-quadratic spline blocks with circular splines on the dihedrals, a random circular
 * shift after each block, and last the coordinate layer (standardized with MD statistics) that maps the 3N-6
 * latent coordinates to Cartesian coordinates in nm: the mixed layer (a few backbone atoms PCA-whitened Cartesian,
 * the rest internal coordinates relative to them) or, without Cartesian atoms, the global Z-matrix layer.
 */
public final class GeneratorModel {
    private GeneratorModel() {}

    /** Builds the flow for {@code topology}, fitting the coordinate layer's statistics on {@code mdFrames}. */
    public static NormalizingFlow build(NDManager manager, Topology topology, NDArray mdFrames, AlanineConfig.Flow flow,
            long seed) {
        FlowLayer coordinates;
        List<Domain> domains;
        if (flow.cartesianAtoms().length == 0) {
            InternalCoordinateTransform global = InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology),
                    mdFrames, flow.splineBound());
            coordinates = global;
            domains = global.domains();
        } else {
            MixedCoordinateTransform mixed = MixedCoordinateTransform.fit(
                    ZMatrixBuilder.relativeTo(topology, flow.cartesianAtoms()), mdFrames, flow.splineBound());
            coordinates = mixed;
            domains = mixed.domains();
        }
        List<FlowLayer> layers = new ArrayList<>();
        for (int b = 0; b < flow.blocks(); b++) {
            boolean[] mask = AffineCoupling.bitMask(domains.size(), b);
            layers.add(new SplineCoupling(manager, domains, mask, SplineSettings.of(flow.bins()), flow.hidden(),
                    Activation.RELU, DataType.FLOAT64, Rng.derive(seed, 2L * b)));
            layers.add(CircularShift.random(domains, Rng.derive(seed, 2L * b + 1)));
        }
        layers.add(coordinates);
        return new NormalizingFlow(ProductDistribution.forDomains(manager, domains, DataType.FLOAT64), layers);
    }
}
