package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.NDMath;

/**
 * Normalization of internal coordinates with statistics from training data, kept as fixed (non-trainable)
 * parameters so that save/load carries them: bonds and angles are standardized, {@code (v - mean) / std}; dihedrals
 * are shifted by their circular mean and wrapped into [-π, π). A dihedral whose training values stay close to their
 * circular mean ({@link #narrowDihedrals(NDArray)}: e.g. the sibling dihedrals of branch points, planar groups,
 * peptide bonds) is standardized like a bond (mean of its wrapped values, standard deviation) and declared UNBOUNDED
 * instead of CIRCULAR, so a Gaussian base fits it directly; the wide ones (φ, ψ, methyl rotors) stay circular. The
 * layout of a normalized vector is {@code [bonds, angles, dihedrals]}.
 */
final class InternalStatistics {
    /** Standard deviations below this are raised to it (e.g. bonds constrained in the training data). */
    static final double MIN_STD = 1e-6;
    /** A dihedral is narrow if its circular spread sqrt(-2 ln R̄) is below this (radians, about 29°)... */
    static final double NARROW_SPREAD = 0.5;
    /** ...and no training value is farther than this from the circular mean (radians, 90°). */
    static final double NARROW_RANGE = Math.PI / 2;

    private final Parameter bondMean;
    private final Parameter bondStd;
    private final Parameter angleMean;
    private final Parameter angleStd;
    private final Parameter dihedralMean;
    private final Parameter dihedralStd;
    private final boolean[] narrow;

    /**
     * Identity statistics (zero means, unit deviations) for the given counts, the dihedrals listed in
     * {@code narrowDihedrals} standardized (see {@link #narrowDihedrals()}); the loader overwrites the values.
     */
    InternalStatistics(NDManager manager, int bonds, int angles, int dihedrals, int[] narrowDihedrals) {
        bondMean = fixed("bond_mean", manager.zeros(new Shape(1, bonds), DataType.FLOAT64));
        bondStd = fixed("bond_std", manager.ones(new Shape(1, bonds), DataType.FLOAT64));
        angleMean = fixed("angle_mean", manager.zeros(new Shape(1, angles), DataType.FLOAT64));
        angleStd = fixed("angle_std", manager.ones(new Shape(1, angles), DataType.FLOAT64));
        dihedralMean = fixed("dihedral_mean", manager.zeros(new Shape(1, dihedrals), DataType.FLOAT64));
        dihedralStd = fixed("dihedral_std", manager.ones(new Shape(1, dihedrals), DataType.FLOAT64));
        narrow = new boolean[dihedrals];
        for (int d : narrowDihedrals) {
            if (d < 0 || d >= dihedrals) {
                throw new IllegalArgumentException("narrow dihedral index " + d + " is outside 0.." + (dihedrals - 1));
            }
            narrow[d] = true;
        }
    }

    static Parameter fixed(String name, NDArray array) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optArray(array).optRequiresGrad(false)
                .build();
    }

    /**
     * The indices (among the dihedrals) of the narrow dihedrals in raw training dihedrals {@code (frames, k)}:
     * circular spread below {@link #NARROW_SPREAD} and every value within {@link #NARROW_RANGE} of the mean.
     */
    static int[] narrowDihedrals(NDArray dihedrals) {
        double[] s = dihedrals.sin().mean(new int[] {0}).toDoubleArray();
        double[] c = dihedrals.cos().mean(new int[] {0}).toDoubleArray();
        double[] farthest = wrap(dihedrals.sub(circularMean(dihedrals))).abs().max(new int[] {0}).toDoubleArray();
        return IntStream.range(0, s.length).filter(i -> {
            double resultant = Math.hypot(s[i], c[i]);
            return resultant > 0 && Math.sqrt(-2 * Math.log(resultant)) < NARROW_SPREAD && farthest[i] < NARROW_RANGE;
        }).toArray();
    }

    /** The circular mean {@code (1, k)} of angles {@code (frames, k)}. */
    private static NDArray circularMean(NDArray angles) {
        return angles.sin().mean(new int[] {0}, true).atan2(angles.cos().mean(new int[] {0}, true));
    }

    /** Sets the statistics from the internal coordinates of training data. */
    void fit(InternalGeometry.Internals data) {
        set(bondMean, data.bonds().mean(new int[] {0}, true));
        set(bondStd, std(data.bonds()));
        set(angleMean, data.angles().mean(new int[] {0}, true));
        set(angleStd, std(data.angles()));
        NDArray phi = data.dihedrals();
        NDArray circular = circularMean(phi);
        double[] mean = circular.toDoubleArray();
        double[] offset = wrap(phi.sub(circular)).mean(new int[] {0}).toDoubleArray();
        for (int i = 0; i < narrow.length; i++) {
            mean[i] += narrow[i] ? offset[i] : 0;
        }
        NDMath.assign(dihedralMean.getArray(), mean);
        double[] spread = std(wrap(phi.sub(dihedralMean.getArray()))).toDoubleArray();
        for (int i = 0; i < narrow.length; i++) {
            spread[i] = narrow[i] ? spread[i] : 1.0;
        }
        NDMath.assign(dihedralStd.getArray(), spread);
    }

    private static NDArray std(NDArray values) {
        NDArray centered = values.sub(values.mean(new int[] {0}, true));
        return NDMath.maximum(centered.square().mean(new int[] {0}, true).sqrt(), MIN_STD);
    }

    private static void set(Parameter parameter, NDArray value) {
        NDMath.assign(parameter.getArray(), value.toType(DataType.FLOAT64, false).toDoubleArray());
    }

    /** The normalized vector {@code (n, bonds + angles + dihedrals)} of raw internal coordinates. */
    NDArray normalize(InternalGeometry.Internals raw) {
        NDArray bonds = raw.bonds().sub(bondMean.getArray()).div(bondStd.getArray());
        NDArray angles = raw.angles().sub(angleMean.getArray()).div(angleStd.getArray());
        NDArray dihedrals = wrap(raw.dihedrals().sub(dihedralMean.getArray())).div(dihedralStd.getArray());
        return NDArrays.concat(new NDList(bonds, angles, dihedrals), 1);
    }

    /** Raw internal coordinates of a normalized vector {@code (n, bonds + angles + dihedrals)}. */
    InternalGeometry.Internals denormalize(NDArray z) {
        int bonds = width(bondMean);
        int angles = width(angleMean);
        NDArray b = z.get(":, 0:" + bonds).mul(bondStd.getArray()).add(bondMean.getArray());
        NDArray a = z.get(":, " + bonds + ":" + (bonds + angles)).mul(angleStd.getArray()).add(angleMean.getArray());
        NDArray d = z.get(":, " + (bonds + angles) + ":").mul(dihedralStd.getArray()).add(dihedralMean.getArray());
        return new InternalGeometry.Internals(b, a, d);
    }

    /** log|det| of {@link #denormalize}: Σ log std over bonds, angles and narrow dihedrals (the others have std 1). */
    NDArray logScale() {
        return bondStd.getArray().log().sum().add(angleStd.getArray().log().sum())
                .add(dihedralStd.getArray().log().sum());
    }

    /**
     * Per normalized dimension: UNBOUNDED on [-bound, bound] for bonds, angles and narrow dihedrals, CIRCULAR
     * [-π, π) for the other dihedrals.
     */
    List<Domain> domains(double bound) {
        List<Domain> domains = new ArrayList<>(Collections.nCopies(width(bondMean) + width(angleMean),
                Domain.unbounded(bound)));
        for (boolean n : narrow) {
            domains.add(n ? Domain.unbounded(bound) : Domain.circular());
        }
        return domains;
    }

    /** The indices of the dihedrals standardized as narrow (for the layers' JSON). */
    int[] narrowDihedrals() {
        return IntStream.range(0, narrow.length).filter(i -> narrow[i]).toArray();
    }

    int dim() {
        return width(bondMean) + width(angleMean) + width(dihedralMean);
    }

    List<Parameter> parameters() {
        return List.of(bondMean, bondStd, angleMean, angleStd, dihedralMean, dihedralStd);
    }

    /** Maps angles onto [-π, π). */
    static NDArray wrap(NDArray angle) {
        return angle.sub(NDMath.scale(NDMath.scale(angle.add(Math.PI), 1.0 / (2 * Math.PI)).floor(), 2 * Math.PI));
    }

    private static int width(Parameter p) {
        return Math.toIntExact(p.getArray().getShape().get(1));
    }
}
