package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The mixed coordinate layer of Boltzmann generators (Noé et al. 2019): a chosen set of {@code m ≥ 3} atoms (the
 * fixed atoms of a relative {@link ZMatrix}, e.g. the heavy-atom backbone) in Cartesian coordinates whitened by PCA
 * with the six rigid-body modes removed, every other atom in internal coordinates relative to them. Latent side
 * {@code 3N-6} dimensions, data side {@code 3N} (nm): this layer changes the dimension and sits at the data end
 * of a flow (last in {@code NormalizingFlow}'s layer list).
 *
 * <p>Latent layout {@code [whitened (3m-6), bonds (k), angles (k), dihedrals (k)]}, k = N - m; domains UNBOUNDED
 * except the wide dihedrals, CIRCULAR [-π, π) (narrow ones are standardized as in {@link InternalCoordinateTransform}). PCA mean, directions, scales and the internal statistics are fixed
 * parameters fitted by {@link #fit}.
 *
 * <p>Frame: {@link #forward} returns configurations on the slice of those superposed onto the PCA mean μ (centroid of
 * the chosen atoms at the origin, no net rotation relative to μ); {@link #inverse} first superposes any configuration
 * onto μ (Kabsch, a rigid motion) and then projects, so its output is invariant under rigid motion and nothing is
 * lost but that motion. The inverse is differentiable in the Cartesian coordinates (the superposition's rotation
 * included), so {@code ∇ₓ log q(x)} of a flow ending in this layer is exact.
 *
 * <p>Density bookkeeping, the same convention as {@link InternalCoordinateTransform}: the flow's density is over
 * configurations modulo rigid-body motion, with respect to the measure ν induced by Lebesgue measure per unit
 * translation volume and unit Haar measure ({@code dx = dν d³t dR}). The exact forward log-det is
 * {@code Σ log sqrt(λ)} (whitening; with the Σ r² sin θ terms and the standardization this is the log of
 * sqrt(det(JᵀJ)) of the map onto the slice) plus the slice's rigid-motion volume log|det(QᵀG(x))| (see
 * {@link #sliceLogJacobian}): the six external modes are integrated out exactly, not dropped as if linear. Hence
 * {@code log w = -E(x)/kT - log q(x)}. The slice condition is stationarity of the superposition onto μ, so this
 * holds where the slice point is the optimal (Kabsch) representative of its orbit: near μ always; a sample so far
 * from μ that it lands on another stationary point would not be reproduced by {@link #inverse} (not seen on the
 * 300 K and 1000 K alanine-dipeptide MD frames of the tests).
 */
public final class MixedCoordinateTransform implements FlowLayer {
    private final ZMatrix zmatrix;
    private final int[] fixedAtoms;
    private final InternalGeometry geometry;
    private final CartesianWhitening whitening;
    private final InternalStatistics statistics;
    private final double domainBound;

    /**
     * A layer for a {@code zmatrix} relative to fixed atoms with placeholder statistics (use {@link #fit}, or load
     * saved parameters), arrays in {@code manager}, UNBOUNDED domains on [-domainBound, domainBound].
     */
    public MixedCoordinateTransform(ZMatrix zmatrix, NDManager manager, double domainBound) {
        this(zmatrix, manager, domainBound, new int[0]);
    }

    /**
     * As the three-argument constructor, with the dihedrals (indices among the dihedrals) in {@code narrowDihedrals}
     * standardized and UNBOUNDED rather than CIRCULAR ({@link #fit} chooses them from the training data).
     */
    public MixedCoordinateTransform(ZMatrix zmatrix, NDManager manager, double domainBound, int[] narrowDihedrals) {
        if (zmatrix.isGlobal()) {
            throw new IllegalArgumentException("the mixed transform needs a Z-matrix relative to fixed atoms (see "
                    + "ZMatrixBuilder.relativeTo)");
        }
        this.zmatrix = zmatrix;
        this.fixedAtoms = zmatrix.fixedAtoms();
        this.geometry = new InternalGeometry(zmatrix);
        this.whitening = new CartesianWhitening(manager, fixedAtoms);
        this.statistics = new InternalStatistics(manager, geometry.bondCount(), geometry.angleCount(),
                geometry.dihedralCount(), narrowDihedrals);
        this.domainBound = domainBound;
    }

    /** A layer whose PCA and statistics come from training configurations {@code cartesian (frames, 3N)} in nm. */
    public static MixedCoordinateTransform fit(ZMatrix zmatrix, NDArray cartesian, double domainBound) {
        Batches.require(cartesian, 3 * zmatrix.atomCount(), "training configurations");
        try (NDManager scratch = cartesian.getManager().newSubManager()) {
            double[] all = cartesian.toDoubleArray();
            InternalGeometry.Internals internals = new InternalGeometry(zmatrix).measureAll(all, scratch);
            MixedCoordinateTransform layer = new MixedCoordinateTransform(zmatrix, cartesian.getManager(),
                    domainBound, InternalStatistics.narrowDihedrals(internals.dihedrals()));
            int frames = Math.toIntExact(cartesian.getShape().get(0));
            double[][] rows = new double[frames][];
            for (int f = 0; f < frames; f++) {
                rows[f] = java.util.Arrays.copyOfRange(all, f * layer.cartesianDim(), (f + 1) * layer.cartesianDim());
            }
            layer.whitening.fit(rows);
            layer.statistics.fit(internals);
            return layer;
        }
    }

    public ZMatrix zmatrix() {
        return zmatrix;
    }

    /** The latent dimension, 3N-6. */
    public int internalDim() {
        return whitening.dim() + statistics.dim();
    }

    /** The data dimension, 3N. */
    public int cartesianDim() {
        return 3 * zmatrix.atomCount();
    }

    /**
     * Per latent dimension: UNBOUNDED for whitened, bond, angle and narrow dihedral coordinates, CIRCULAR for the
     * other dihedrals.
     */
    public List<Domain> domains() {
        List<Domain> domains = new ArrayList<>(Collections.nCopies(whitening.dim(), Domain.unbounded(domainBound)));
        domains.addAll(statistics.domains(domainBound));
        return domains;
    }

    /** Latent to Cartesian on the slice superposed onto μ; log-det as in the class documentation. */
    @Override
    public FlowResult forward(NDArray z) {
        int n = Batches.require(z, internalDim(), "mixed latent coordinates");
        NDArray chosen = whitening.forward(z.get(":, 0:" + whitening.dim()));
        NDArray[] fixed = new NDArray[zmatrix.atomCount()];
        for (int i = 0; i < fixedAtoms.length; i++) {
            fixed[fixedAtoms[i]] = chosen.get(":, " + i + ", :");
        }
        InternalGeometry.Internals raw = statistics.denormalize(z.get(":, " + whitening.dim() + ":"));
        NDArray positions = geometry.place(raw, fixed);
        return new FlowResult(positions.reshape(n, cartesianDim()), logDet(chosen, raw));
    }

    /** Cartesian (any frame) to latent, after superposition onto μ; log-det is minus the forward one. */
    @Override
    public FlowResult inverse(NDArray x) {
        Batches.require(x, cartesianDim(), "Cartesian coordinates");
        NDArray positions = positions(whitening.align(x));
        NDArray chosen = Vectors.atoms(positions, fixedAtoms);
        InternalGeometry.Internals raw = geometry.measure(positions);
        NDArray z = NDArrays.concat(new NDList(whitening.inverse(chosen), statistics.normalize(raw)), 1);
        return new FlowResult(z, logDet(chosen, raw).neg());
    }

    /**
     * log|det(QᵀG(x))| per configuration {@code (n, 3N)} on the slice: the volume of rigid motions around it, the part
     * of the log-det beyond sqrt(det(JᵀJ)) of the map onto the slice.
     */
    public NDArray sliceLogJacobian(NDArray x) {
        return whitening.logSliceJacobian(Vectors.atoms(positions(x), fixedAtoms));
    }

    private NDArray logDet(NDArray chosen, InternalGeometry.Internals raw) {
        return whitening.logScale().add(whitening.logSliceJacobian(chosen)).add(raw.logVolume())
                .add(statistics.logScale());
    }

    private NDArray positions(NDArray cartesian) {
        return cartesian.reshape(cartesian.getShape().get(0), zmatrix.atomCount(), 3);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(whitening.parameters());
        all.addAll(statistics.parameters());
        return all;
    }

    /** {@code type}, {@code atomCount}, {@code zmatrix} (with fixed atoms), {@code domainBound}, narrow dihedrals. */
    @Override
    public JsonObject toJson() {
        return CoordinateTransformFactory.describe("MixedCoordinateTransform", zmatrix, domainBound,
                statistics.narrowDihedrals());
    }

    /** Rebuilds the {@link #toJson()} description (statistics are parameters, filled in by loading). */
    public static MixedCoordinateTransform fromJson(JsonObject json, NDManager manager) {
        return new MixedCoordinateTransform(CoordinateTransformFactory.zmatrix(json), manager,
                ArchitectureJson.number(json, "domainBound"), CoordinateTransformFactory.narrowDihedrals(json));
    }
}
