package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The flow layer between internal coordinates (latent side, {@code 3N-6} dimensions) and Cartesian coordinates
 * (data side, {@code 3N} dimensions, nm) of a molecule of {@code N} atoms described by a global {@link ZMatrix}.
 * This layer changes the dimension: it sits at the data end of a flow, i.e. last in {@code NormalizingFlow}'s layer
 * list (applied last when sampling, first when evaluating log q(x)).
 *
 * <p>Latent layout {@code [bonds (N-1), angles (N-2), dihedrals (N-3)]} in Z-matrix entry order; bonds and angles
 * standardized with training-data statistics and declared {@link Domain.Kind#UNBOUNDED}, dihedrals shifted by their
 * circular mean into [-π, π) and declared {@link Domain.Kind#CIRCULAR}, except narrow ones (a branch's sibling
 * dihedrals, planar groups), which are also standardized and UNBOUNDED (see {@link #domains()}). The statistics are
 * fixed parameters, so save/load carries them.
 *
 * <p>Rigid-body frame: {@link #forward} puts the first Z-matrix atom at the origin, the second on the +x axis and the
 * third in the xy plane (y &gt; 0); {@link #inverse} accepts any position and orientation (internal coordinates do
 * not change under rigid motion). Optionally ({@code external = true}) the latent side also carries the six external
 * coordinates {@code [tx, ty, tz, α, cos β, γ]} (first atom's position, ZYZ Euler rotation of the standard frame):
 * the layer is then square (3N ↔ 3N) and bijective almost everywhere, with the same log-det, which is then the full
 * log|det J|; a uniform density on the rotation part is the uniform (Haar) distribution of orientations.
 *
 * <p>Density bookkeeping. The Cartesian density the flow defines is a density over configurations modulo rigid-body
 * motion, with respect to the measure ν that Lebesgue measure on R^{3N} induces on that quotient per unit translation
 * volume and per unit Haar measure of rotations (total 8π²): {@code dx = dν(shape) d³t dR}. With that convention
 * the forward log-det is the exact
 * {@code log|det| = Σ_bonds 2 log r + Σ_angles log sin θ + Σ log std} (one factor r² sin θ per placed atom; the
 * first two atoms contribute r₁² and r₂² sin θ₂). It splits into the log of sqrt(det(JᵀJ)) of the map onto the
 * (3N-6)-manifold of configurations in the standard frame, plus {@link #frameLogJacobian} = log(r₁² · r₂ sin θ₂),
 * the volume of rigid motions around that frame. Consequently the Boltzmann weight needs no further term:
 * {@code log w = -E(x)/kT - log q(x)} with {@code log q(x)} from the flow, and the Boltzmann density on the quotient
 * is exactly {@code exp(-E/kT)/Z_ν} with {@code Z_ν = ∫ exp(-E/kT) dx / (V · 8π²)}. (A density over the
 * standard-frame manifold alone would be {@code q(x) · exp(frameLogJacobian(x))}.) With the external part, q(x) is a
 * density over all of R^{3N}; it equals the quotient density divided by V · 8π² when the external coordinates are
 * uniform on a translation box of volume V times [-π, π) × [-1, 1] × [-π, π).
 */
public final class InternalCoordinateTransform implements FlowLayer {
    /** The default bound of the UNBOUNDED domains (in standard deviations) where splines act. */
    public static final double DEFAULT_DOMAIN_BOUND = 5.0;

    private final ZMatrix zmatrix;
    private final InternalGeometry geometry;
    private final InternalStatistics statistics;
    private final RigidBodyFrame frame;
    private final double domainBound;

    /**
     * A layer for a global {@code zmatrix} with identity statistics (use {@link #fit} for training-data ones, or
     * load saved parameters), arrays in {@code manager}, UNBOUNDED domains on [-domainBound, domainBound]; with
     * {@code external} the latent side also holds the six external coordinates (then 3N dimensions, a square layer).
     */
    public InternalCoordinateTransform(ZMatrix zmatrix, NDManager manager, double domainBound, boolean external) {
        this(zmatrix, manager, domainBound, external, new int[0]);
    }

    /**
     * As the four-argument constructor, with the dihedrals (indices among the dihedrals) in {@code narrowDihedrals}
     * standardized and UNBOUNDED rather than CIRCULAR ({@link #fit} chooses them from the training data).
     */
    public InternalCoordinateTransform(ZMatrix zmatrix, NDManager manager, double domainBound, boolean external,
            int[] narrowDihedrals) {
        if (!zmatrix.isGlobal()) {
            throw new IllegalArgumentException("the internal coordinate transform needs a global Z-matrix (no fixed "
                    + "atoms); use MixedCoordinateTransform for one relative to fixed atoms");
        }
        this.zmatrix = zmatrix;
        this.geometry = new InternalGeometry(zmatrix);
        this.statistics = new InternalStatistics(manager, geometry.bondCount(), geometry.angleCount(),
                geometry.dihedralCount(), narrowDihedrals);
        this.frame = external ? new RigidBodyFrame(zmatrix) : null;
        this.domainBound = domainBound;
    }

    /** A layer without the external part (latent dimension 3N-6); see the four-argument constructor. */
    public InternalCoordinateTransform(ZMatrix zmatrix, NDManager manager, double domainBound) {
        this(zmatrix, manager, domainBound, false);
    }

    /**
     * A layer whose statistics come from training configurations {@code cartesian (frames, 3N)} in nm, with or
     * without the external part; dihedrals that stay near their mean in the data are standardized (narrow).
     */
    public static InternalCoordinateTransform fit(ZMatrix zmatrix, NDArray cartesian, double domainBound,
            boolean external) {
        try (NDManager scratch = cartesian.getManager().newSubManager()) {
            InternalGeometry.Internals raw = new InternalGeometry(zmatrix).measureAll(cartesian.toDoubleArray(),
                    scratch);
            InternalCoordinateTransform layer = new InternalCoordinateTransform(zmatrix, cartesian.getManager(),
                    domainBound, external, InternalStatistics.narrowDihedrals(raw.dihedrals()));
            layer.statistics.fit(raw);
            return layer;
        }
    }

    /** {@link #fit(ZMatrix, NDArray, double, boolean)} without the external part. */
    public static InternalCoordinateTransform fit(ZMatrix zmatrix, NDArray cartesian, double domainBound) {
        return fit(zmatrix, cartesian, domainBound, false);
    }

    public ZMatrix zmatrix() {
        return zmatrix;
    }

    /** The latent dimension: 3N-6, or 3N with the external part. */
    public int internalDim() {
        return statistics.dim() + (frame == null ? 0 : 6);
    }

    /** The data dimension, 3N. */
    public int cartesianDim() {
        return 3 * zmatrix.atomCount();
    }

    /**
     * Per latent dimension: UNBOUNDED for bonds, angles and narrow dihedrals, CIRCULAR [-π, π) for the other
     * dihedrals; with the external part also UNBOUNDED for the translation, CIRCULAR for α and γ and BOUNDED [-1, 1]
     * for cos β.
     */
    public List<Domain> domains() {
        List<Domain> domains = new ArrayList<>(statistics.domains(domainBound));
        if (frame != null) {
            domains.addAll(Collections.nCopies(3, Domain.unbounded(domainBound)));
            domains.addAll(List.of(Domain.circular(), Domain.bounded(-1, 1), Domain.circular()));
        }
        return domains;
    }

    /** Internal (latent) to Cartesian in the standard frame; log-det as in the class documentation. */
    @Override
    public FlowResult forward(NDArray z) {
        int n = Batches.require(z, internalDim(), "internal coordinates");
        InternalGeometry.Internals raw = statistics.denormalize(z.get(":, 0:" + statistics.dim()));
        NDArray positions = geometry.place(raw, new NDArray[zmatrix.atomCount()]);
        if (frame != null) {
            positions = frame.apply(positions, z.get(":, " + statistics.dim() + ":"));
        }
        return new FlowResult(positions.reshape(n, cartesianDim()), raw.logVolume().add(statistics.logScale()));
    }

    /** Cartesian (any frame) to internal; log-det is minus the forward one. */
    @Override
    public FlowResult inverse(NDArray x) {
        Batches.require(x, cartesianDim(), "Cartesian coordinates");
        InternalGeometry.Internals raw = measure(x);
        NDArray z = statistics.normalize(raw);
        if (frame != null) {
            z = z.concat(frame.measure(x.reshape(x.getShape().get(0), zmatrix.atomCount(), 3)), 1);
        }
        return new FlowResult(z, raw.logVolume().add(statistics.logScale()).neg());
    }

    /**
     * log(r₁² · r₂ sin θ₂) per configuration {@code (n, 3N)}: the log volume of rigid-body motions around the
     * standard frame (r₁ the distance of the second Z-matrix atom from the first, r₂ sin θ₂ the distance of the third
     * from their axis); the part of the log-det beyond sqrt(det(JᵀJ)) of the map onto the standard-frame manifold.
     */
    public NDArray frameLogJacobian(NDArray x) {
        InternalGeometry.Internals raw = measure(x);
        NDArray r1 = raw.bonds().get(":, 0");
        NDArray r2 = raw.bonds().get(":, 1");
        NDArray theta2 = raw.angles().get(":, 0");
        return NDMath.scale(r1.log(), 2).add(r2.log()).add(theta2.sin().log());
    }

    private InternalGeometry.Internals measure(NDArray cartesian) {
        long n = cartesian.getShape().get(0);
        return geometry.measure(cartesian.reshape(n, zmatrix.atomCount(), 3));
    }

    @Override
    public List<Parameter> parameters() {
        return statistics.parameters();
    }

    /**
     * {@code type}, {@code atomCount}, {@code zmatrix}, {@code domainBound}, {@code external},
     * {@code narrowDihedrals}; statistics are parameters.
     */
    @Override
    public JsonObject toJson() {
        JsonObject json = CoordinateTransformFactory.describe("InternalCoordinateTransform", zmatrix, domainBound,
                statistics.narrowDihedrals());
        json.addProperty("external", frame != null);
        return json;
    }

    /** Rebuilds the {@link #toJson()} description (statistics are parameters, filled in by loading). */
    public static InternalCoordinateTransform fromJson(JsonObject json, NDManager manager) {
        return new InternalCoordinateTransform(CoordinateTransformFactory.zmatrix(json), manager,
                ArchitectureJson.number(json, "domainBound"), json.has("external") && ArchitectureJson.bool(json,
                        "external"), CoordinateTransformFactory.narrowDihedrals(json));
    }
}
