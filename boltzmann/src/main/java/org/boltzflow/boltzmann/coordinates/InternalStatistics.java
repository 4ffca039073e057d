package org.boltzflow.boltzmann.coordinates;

import org.boltzflow.flows.NDMath;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Normalization of internal coordinates with statistics from training data, kept as fixed (non-trainable)
 * parameters so that save/load carries them: bonds and angles are standardized, {@code (v - mean) / std}; dihedrals
 * are shifted by their circular mean and wrapped into [-π, π). The layout of a normalized vector is
 * {@code [bonds, angles, dihedrals]}.
 */
final class InternalStatistics {
    /** Standard deviations below this are raised to it (e.g. bonds constrained in the training data). */
    static final double MIN_STD = 1e-6;

    private final Parameter bondMean;
    private final Parameter bondStd;
    private final Parameter angleMean;
    private final Parameter angleStd;
    private final Parameter dihedralMean;

    /** Identity statistics (zero means, unit deviations) for the given counts; the loader overwrites them. */
    InternalStatistics(NDManager manager, int bonds, int angles, int dihedrals) {
        bondMean = fixed("bond_mean", manager.zeros(new Shape(1, bonds), DataType.FLOAT64));
        bondStd = fixed("bond_std", manager.ones(new Shape(1, bonds), DataType.FLOAT64));
        angleMean = fixed("angle_mean", manager.zeros(new Shape(1, angles), DataType.FLOAT64));
        angleStd = fixed("angle_std", manager.ones(new Shape(1, angles), DataType.FLOAT64));
        dihedralMean = fixed("dihedral_mean", manager.zeros(new Shape(1, dihedrals), DataType.FLOAT64));
    }

    static Parameter fixed(String name, NDArray array) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optArray(array).optRequiresGrad(false)
                .build();
    }

    /** Sets the statistics from the internal coordinates of training data. */
    void fit(InternalGeometry.Internals data) {
        set(bondMean, data.bonds().mean(new int[] {0}, true));
        set(bondStd, std(data.bonds()));
        set(angleMean, data.angles().mean(new int[] {0}, true));
        set(angleStd, std(data.angles()));
        NDArray phi = data.dihedrals();
        set(dihedralMean, phi.sin().mean(new int[] {0}, true).atan2(phi.cos().mean(new int[] {0}, true)));
    }

    private static NDArray std(NDArray values) {
        NDArray centered = values.sub(values.mean(new int[] {0}, true));
        return NDMath.maximum(centered.square().mean(new int[] {0}, true).sqrt(), MIN_STD);
    }

    private static void set(Parameter parameter, NDArray value) {
        parameter.getArray().set(value.toType(DataType.FLOAT64, false).toDoubleArray());
    }

    /** The normalized vector {@code (n, bonds + angles + dihedrals)} of raw internal coordinates. */
    NDArray normalize(InternalGeometry.Internals raw) {
        NDArray bonds = raw.bonds().sub(bondMean.getArray()).div(bondStd.getArray());
        NDArray angles = raw.angles().sub(angleMean.getArray()).div(angleStd.getArray());
        NDArray dihedrals = wrap(raw.dihedrals().sub(dihedralMean.getArray()));
        return NDArrays.concat(new NDList(bonds, angles, dihedrals), 1);
    }

    /** Raw internal coordinates of a normalized vector {@code (n, bonds + angles + dihedrals)}. */
    InternalGeometry.Internals denormalize(NDArray z) {
        int bonds = width(bondMean);
        int angles = width(angleMean);
        NDArray b = z.get(":, 0:" + bonds).mul(bondStd.getArray()).add(bondMean.getArray());
        NDArray a = z.get(":, " + bonds + ":" + (bonds + angles)).mul(angleStd.getArray()).add(angleMean.getArray());
        NDArray d = z.get(":, " + (bonds + angles) + ":").add(dihedralMean.getArray());
        return new InternalGeometry.Internals(b, a, d);
    }

    /** log|det| of {@link #denormalize}: Σ log std over bonds and angles (dihedrals are only shifted). */
    NDArray logScale() {
        return bondStd.getArray().log().sum().add(angleStd.getArray().log().sum());
    }

    int dim() {
        return width(bondMean) + width(angleMean) + width(dihedralMean);
    }

    List<Parameter> parameters() {
        return List.of(bondMean, bondStd, angleMean, angleStd, dihedralMean);
    }

    /** Maps angles onto [-π, π). */
    static NDArray wrap(NDArray angle) {
        return angle.sub(NDMath.scale(NDMath.scale(angle.add(Math.PI), 1.0 / (2 * Math.PI)).floor(), 2 * Math.PI));
    }

    private static int width(Parameter p) {
        return Math.toIntExact(p.getArray().getShape().get(1));
    }
}
