package org.boltzflow.boltzmann.generator;

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
import org.boltzflow.flows.layers.CircularShift;
import org.boltzflow.flows.layers.SplineCoupling;
import org.boltzflow.flows.layers.TypeCast;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;

/**
 * The Boltzmann generator's flow for a molecule: a product base (Gaussian on bonds and angles, uniform on the circle
 * for dihedrals), coupling rational-quadratic spline blocks with circular splines on the dihedrals, a random circular
 * shift after each block, and last the coordinate layer (standardized with MD statistics) that maps the 3N-6
 * latent coordinates to Cartesian coordinates in nm: the mixed layer (a few backbone atoms PCA-whitened Cartesian,
 * the rest internal coordinates relative to them) or, without Cartesian atoms, the global Z-matrix layer. With
 * float32 precision the base and the blocks compute in float32 and a {@link TypeCast} joins them to the float64
 * coordinate layer.
 */
public final class GeneratorFlow {
    private GeneratorFlow() {}

    /**
     * Builds the flow of {@code spec} for {@code topology}, fitting the coordinate layer's statistics on
     * {@code frames (n, 3 * atoms)} in nm, parameters seeded by {@code seed}.
     */
    public static NormalizingFlow build(NDManager manager, Topology topology, NDArray frames, FlowSpec flow,
            long seed) {
        return build(manager, topology, frames, flow, 0, seed);
    }

    /**
     * {@link #build(NDManager, Topology, NDArray, FlowSpec, long)} with spline couplings whose conditioners also read
     * a context of {@code contextSize} values (0: unconditional, the same flow as without it).
     */
    public static NormalizingFlow build(NDManager manager, Topology topology, NDArray frames, FlowSpec flow,
            int contextSize, long seed) {
        FlowLayer coordinates;
        List<Domain> domains;
        int[] cartesian = cartesianAtoms(topology, flow);
        if (cartesian.length == 0) {
            InternalCoordinateTransform global = InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology),
                    frames, flow.splineBound());
            coordinates = global;
            domains = global.domains();
        } else {
            MixedCoordinateTransform mixed = MixedCoordinateTransform.fit(
                    ZMatrixBuilder.relativeTo(topology, cartesian), frames, flow.splineBound());
            coordinates = mixed;
            domains = mixed.domains();
        }
        DataType type = flow.dataType();
        if (type != DataType.FLOAT64 && contextSize > 0) {
            throw new IllegalArgumentException("flow precision " + flow.precision() + " is not available for a "
                    + "temperature-conditioned generator; use float64");
        }
        List<FlowLayer> layers = new ArrayList<>();
        for (int b = 0; b < flow.blocks(); b++) {
            boolean[] mask = AffineCoupling.bitMask(domains.size(), b);
            layers.add(new SplineCoupling(manager, domains, mask, contextSize, SplineSettings.of(flow.bins()),
                    flow.hidden(), Activation.RELU, type, Rng.derive(seed, 2L * b)));
            layers.add(CircularShift.random(domains, Rng.derive(seed, 2L * b + 1)));
        }
        if (type != DataType.FLOAT64) {
            layers.add(new TypeCast(type, DataType.FLOAT64));
        }
        layers.add(coordinates);
        return new NormalizingFlow(ProductDistribution.forDomains(manager, domains, type), layers);
    }

    /**
     * The domains of {@code flow}'s latent coordinates: those of its coordinate layer (the spline couplings and
     * circular shifts before it keep every coordinate's domain); all unbounded for a flow without one.
     */
    public static List<Domain> latentDomains(NormalizingFlow flow) {
        FlowLayer last = flow.layers().get(flow.layers().size() - 1);
        if (last instanceof InternalCoordinateTransform internal) {
            return internal.domains();
        }
        if (last instanceof MixedCoordinateTransform mixed) {
            return mixed.domains();
        }
        return java.util.Collections.nCopies(flow.dim(), Domain.unbounded(1));
    }

    /** The Cartesian atoms {@code spec} asks for in {@code topology}: given (checked), or chosen automatically. */
    public static int[] cartesianAtoms(Topology topology, FlowSpec spec) {
        int[] atoms = spec.cartesianAtoms() == null ? CartesianAtoms.central(topology) : spec.cartesianAtoms();
        if (java.util.Arrays.stream(atoms).distinct().count() != atoms.length) {
            throw new IllegalArgumentException("flow cartesianAtoms " + java.util.Arrays.toString(atoms)
                    + " lists an atom twice");
        }
        for (int atom : atoms) {
            if (atom < 0 || atom >= topology.atomCount()) {
                throw new IllegalArgumentException("flow cartesianAtoms: atom " + atom + " is not in the topology ("
                        + topology.atomCount() + " atoms, numbered from 0)");
            }
        }
        return atoms;
    }
}
