package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.boltzflow.flows.NDMath;

/**
 * PCA whitening of the Cartesian coordinates of {@code m} chosen atoms with the six rigid-body modes removed
 * exactly. Training frames are superposed (iterated Kabsch alignment) onto their mean μ (centroid at the origin);
 * the six infinitesimal rigid motions at μ (three translations, three rotations {@code ω × μᵢ}) are projected out
 * of the second-moment matrix, and the remaining {@code 3m-6} principal directions V with variances λ give
 * {@code z = Λ^{-1/2} Vᵀ (x - μ)} and back {@code x = μ + V Λ^{1/2} z}.
 *
 * <p>A configuration superposed onto μ by Kabsch has no component along those six modes (that is the optimality
 * condition of the superposition), so {@link #align} followed by the projection loses nothing but the rigid motion.
 * The slice of such configurations is crossed once by every rigid-body orbit near μ; its volume factor
 * {@link #logSliceJacobian} converts densities on the slice into densities modulo rigid motion (see
 * {@link MixedCoordinateTransform}). Mean, directions and scales are fixed parameters.
 */
final class CartesianWhitening {
    /** Principal variances (nm²) below this mean the training data do not span the directions. */
    static final double MIN_VARIANCE = 1e-14;
    private static final int ALIGNMENT_ROUNDS = 10;

    private final int[] atoms;
    private final Parameter mean;
    private final Parameter basis;
    private final Parameter scale;

    /** Identity-like placeholders for the {@code atoms}; {@link #fit} or the loader sets the values. */
    CartesianWhitening(NDManager manager, int[] atoms) {
        this.atoms = atoms.clone();
        int dim = 3 * atoms.length;
        mean = InternalStatistics.fixed("pca_mean", manager.zeros(new Shape(1, dim), DataType.FLOAT64));
        basis = InternalStatistics.fixed("pca_basis", manager.eye(dim, dim - 6, 0, DataType.FLOAT64));
        scale = InternalStatistics.fixed("pca_scale", manager.ones(new Shape(1, dim - 6), DataType.FLOAT64));
    }

    int dim() {
        return 3 * atoms.length - 6;
    }

    /** Sets μ, V and λ from configurations {@code frames[f][3N]} (all atoms, nm). */
    void fit(double[][] frames) {
        int dim = 3 * atoms.length;
        double[] reference = Superposition.centered(Superposition.select(frames[0], atoms));
        for (int round = 0; round < ALIGNMENT_ROUNDS; round++) {
            double[] sum = new double[dim];
            for (double[] frame : frames) {
                double[] aligned = Superposition.select(Superposition.superpose(frame, atoms, reference), atoms);
                for (int k = 0; k < dim; k++) {
                    sum[k] += aligned[k] / frames.length;
                }
            }
            reference = Superposition.centered(sum);
        }
        double[][] secondMoments = new double[dim][dim];
        for (double[] frame : frames) {
            double[] d = Superposition.select(Superposition.superpose(frame, atoms, reference), atoms);
            for (int k = 0; k < dim; k++) {
                d[k] -= reference[k];
            }
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    secondMoments[i][j] += d[i] * d[j] / frames.length;
                }
            }
        }
        RealMatrix moments = new Array2DRowRealMatrix(secondMoments, false);
        RealMatrix rigid = rigidModes(reference);
        RealMatrix projector = MatrixUtils.createRealIdentityMatrix(dim).subtract(rigid.multiply(rigid.transpose()));
        double shift = 1.0 + moments.getTrace();
        RealMatrix projected = projector.multiply(moments).multiply(projector)
                .subtract(rigid.multiply(rigid.transpose()).scalarMultiply(shift));
        EigenDecomposition eigen = new EigenDecomposition(symmetrize(projected));
        Integer[] order = new Integer[dim];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> Double.compare(eigen.getRealEigenvalue(j), eigen.getRealEigenvalue(i)));
        double[] directions = new double[dim * dim()];
        double[] scales = new double[dim()];
        for (int c = 0; c < dim(); c++) {
            double variance = eigen.getRealEigenvalue(order[c]);
            if (!(variance > MIN_VARIANCE)) {
                throw new IllegalArgumentException("the " + frames.length + " training frames span only " + c + " of the "
                        + dim() + " non-rigid directions of atoms " + Arrays.toString(atoms)
                        + ": more (and more varied) frames are needed for the PCA");
            }
            scales[c] = Math.sqrt(variance);
            double[] v = eigen.getEigenvector(order[c]).toArray();
            for (int k = 0; k < dim; k++) {
                directions[k * dim() + c] = v[k];
            }
        }
        NDMath.assign(mean.getArray(), reference);
        NDMath.assign(basis.getArray(), directions);
        NDMath.assign(scale.getArray(), scales);
    }

    /** Whitened coordinates {@code (n, 3m-6)} to the chosen atoms' positions {@code (n, m, 3)}. */
    NDArray forward(NDArray z) {
        NDArray flat = z.mul(scale.getArray()).matMul(basis.getArray().transpose()).add(mean.getArray());
        return flat.reshape(z.getShape().get(0), atoms.length, 3);
    }

    /** The chosen atoms' positions {@code (n, m, 3)}, already {@link #align aligned}, to whitened coordinates. */
    NDArray inverse(NDArray positions) {
        NDArray flat = positions.reshape(positions.getShape().get(0), 3L * atoms.length);
        return flat.sub(mean.getArray()).matMul(basis.getArray()).div(scale.getArray());
    }

    /** log|det| of {@link #forward} onto its (3m-6)-dimensional image: Σ log sqrt(λ). */
    NDArray logScale() {
        return scale.getArray().log().sum();
    }

    /**
     * log of the volume of rigid motions around the slice at positions {@code (n, m, 3)}: with Q the orthonormal
     * rigid modes at μ and G(x) the generators of translations and rotations at x, |det(QᵀG(x))| =
     * m^{3/2} |det K(x)| / sqrt(det K(μ)), where K(x) = Σᵢ (μᵢ·xᵢ) I - xᵢ μᵢᵀ (K(μ) is μ's inertia tensor).
     */
    NDArray logSliceJacobian(NDArray positions) {
        NDArray mu = mean.getArray().reshape(atoms.length, 3);
        NDArray k = rotationBlock(positions.transpose(0, 2, 1).matMul(mu));
        NDArray k0 = rotationBlock(mu.transpose().matMul(mu).expandDims(0));
        return determinant(k).abs().log().sub(NDMath.scale(determinant(k0).log(), 0.5)).add(1.5 * Math.log(atoms.length));
    }

    /** K = tr(A) I - A for a batch of A = Σᵢ xᵢ μᵢᵀ {@code (n, 3, 3)}. */
    private static NDArray rotationBlock(NDArray a) {
        NDArray trace = a.get(":, 0, 0").add(a.get(":, 1, 1")).add(a.get(":, 2, 2"));
        NDArray eye = a.getManager().eye(3).toType(a.getDataType(), false).expandDims(0);
        return eye.mul(trace.reshape(-1, 1, 1)).sub(a);
    }

    private static NDArray determinant(NDArray m) {
        NDArray c0 = m.get(":, 1, 1").mul(m.get(":, 2, 2")).sub(m.get(":, 1, 2").mul(m.get(":, 2, 1")));
        NDArray c1 = m.get(":, 1, 0").mul(m.get(":, 2, 2")).sub(m.get(":, 1, 2").mul(m.get(":, 2, 0")));
        NDArray c2 = m.get(":, 1, 0").mul(m.get(":, 2, 1")).sub(m.get(":, 1, 1").mul(m.get(":, 2, 0")));
        return m.get(":, 0, 0").mul(c0).sub(m.get(":, 0, 1").mul(c1)).add(m.get(":, 0, 2").mul(c2));
    }

    /**
     * Configurations {@code (n, 3N)} superposed onto μ: each row moved rigidly (Kabsch on the chosen atoms). For a
     * batch that requires gradients the result is differentiable in {@code cartesian}: the values are the same, and
     * the derivative is that of the superposed configuration itself, whose rotation turns with {@code x} so that
     * the chosen atoms stay on the slice {@code Σᵢ μᵢ × yᵢ = 0} (the Kabsch optimality condition). Functions of the
     * result are then invariant under rigid motion with their exact gradients.
     */
    NDArray align(NDArray cartesian) {
        int n = Math.toIntExact(cartesian.getShape().get(0));
        int width = Math.toIntExact(cartesian.getShape().get(1));
        double[] all = cartesian.toDoubleArray();
        double[] reference = mean.getArray().toDoubleArray();
        double[] out = new double[all.length];
        double[][][] rotations = new double[n][][];
        for (int f = 0; f < n; f++) {
            double[] frame = Arrays.copyOfRange(all, f * width, (f + 1) * width);
            rotations[f] = Superposition.rotation(frame, atoms, reference);
            double[] moved = Superposition.moved(frame, Superposition.centroid(frame, atoms), rotations[f]);
            System.arraycopy(moved, 0, out, f * width, width);
        }
        NDArray aligned = cartesian.getManager().create(out, new Shape(n, width));
        return cartesian.hasGradient() ? aligned.add(alignmentDerivative(cartesian, rotations, out)) : aligned;
    }

    /**
     * Zero in value, with the derivative of the superposition of {@code cartesian} by {@code rotations} onto
     * {@code aligned}: the rotation R and the centroid c give {@code R (x - c)}, and the rotation's own turn
     * {@code δω = -K⁻¹ Σᵢ μᵢ × R (xᵢ - c)} (K of {@link #logSliceJacobian} at the superposed atoms) keeps the slice
     * condition to first order.
     */
    private NDArray alignmentDerivative(NDArray cartesian, double[][][] rotations, double[] aligned) {
        NDManager manager = cartesian.getManager();
        int n = Math.toIntExact(cartesian.getShape().get(0));
        int width = Math.toIntExact(cartesian.getShape().get(1));
        NDArray still = manager.create(aligned, new Shape(n, width / 3, 3));
        NDArray mu = mean.getArray().reshape(atoms.length, 3);
        double[] k = rotationBlock(Vectors.atoms(still, atoms).transpose(0, 2, 1).matMul(mu)).toDoubleArray();
        double[] rotationRows = new double[9 * n];
        double[] inverseK = new double[9 * n];
        for (int f = 0; f < n; f++) {
            double[][] kFrame = new double[3][];
            for (int a = 0; a < 3; a++) {
                kFrame[a] = Arrays.copyOfRange(k, 9 * f + 3 * a, 9 * f + 3 * a + 3);
            }
            double[][] kInverse = new LUDecomposition(new Array2DRowRealMatrix(kFrame, false)).getSolver()
                    .getInverse().getData();
            for (int a = 0; a < 3; a++) {
                System.arraycopy(rotations[f][a], 0, rotationRows, 9 * f + 3 * a, 3);
                System.arraycopy(kInverse[a], 0, inverseK, 9 * f + 3 * a, 3);
            }
        }
        NDArray positions = cartesian.reshape(n, width / 3, 3);
        NDArray centroid = Vectors.atoms(positions, atoms).mean(new int[] {1}, true);
        NDArray turned = positions.sub(centroid).matMul(manager.create(rotationRows, new Shape(n, 3, 3))
                .transpose(0, 2, 1));
        NDArray moved = turned.sub(turned.stopGradient());
        NDArray offSlice = Vectors.cross(mu.expandDims(0), Vectors.atoms(moved, atoms))
                .sum(new int[] {1});
        NDArray turn = manager.create(inverseK, new Shape(n, 3, 3)).matMul(offSlice.expandDims(2)).neg()
                .reshape(n, 1, 3);
        return moved.add(Vectors.cross(turn, still)).reshape(n, width);
    }

    List<Parameter> parameters() {
        return List.of(mean, basis, scale);
    }

    /** Orthonormal columns spanning the translations and infinitesimal rotations of centered {@code mu}. */
    private static RealMatrix rigidModes(double[] mu) {
        int dim = mu.length;
        double[][] modes = new double[6][dim];
        for (int i = 0; i < dim / 3; i++) {
            for (int a = 0; a < 3; a++) {
                modes[a][3 * i + a] = 1;
                double[] e = new double[3];
                e[a] = 1;
                double[] r = {e[1] * mu[3 * i + 2] - e[2] * mu[3 * i + 1], e[2] * mu[3 * i] - e[0] * mu[3 * i + 2],
                        e[0] * mu[3 * i + 1] - e[1] * mu[3 * i]};
                System.arraycopy(r, 0, modes[3 + a], 3 * i, 3);
            }
        }
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(modes).transpose())
                .getQ();
        return q.getSubMatrix(0, dim - 1, 0, 5);
    }

    private static RealMatrix symmetrize(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
