package org.boltzflow.boltzmann.coordinates;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** Optimal rigid superposition (Kabsch) of configurations onto a reference, on plain {@code double[]}. */
public final class Superposition {
    private Superposition() {}

    /**
     * The root-mean-square deviation of {@code atoms} of {@code frame} (3N values) from {@code reference} (3m values,
     * the same atoms in order, centroid at the origin) after optimal superposition, in the unit of the coordinates.
     */
    public static double rmsd(double[] frame, int[] atoms, double[] reference) {
        double[] chosen = select(frame, atoms);
        int[] all = new int[atoms.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double[] moved = superpose(chosen, all, reference);
        double sum = 0;
        for (int k = 0; k < moved.length; k++) {
            sum += (moved[k] - reference[k]) * (moved[k] - reference[k]);
        }
        return Math.sqrt(sum / atoms.length);
    }

    /** A copy of the configuration {@code xyz} (3 values per atom) moved so that its centroid is at the origin. */
    public static double[] centered(double[] xyz) {
        double[] out = xyz.clone();
        int n = xyz.length / 3;
        for (int a = 0; a < 3; a++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += xyz[3 * i + a] / n;
            }
            for (int i = 0; i < n; i++) {
                out[3 * i + a] -= mean;
            }
        }
        return out;
    }

    /**
     * Every atom of {@code frame} (3N values) moved rigidly so that {@code atoms} are superposed onto
     * {@code reference} (3m values, centroid at the origin) by Kabsch: minimal RMSD, proper rotation.
     */
    static double[] superpose(double[] frame, int[] atoms, double[] reference) {
        return moved(frame, centroid(frame, atoms), rotation(frame, atoms, reference));
    }

    /** Every atom {@code x} of {@code frame} (3N values) moved to {@code R (x - c)}. */
    static double[] moved(double[] frame, double[] centroid, double[][] rotation) {
        RealMatrix r = new Array2DRowRealMatrix(rotation, false);
        double[] out = new double[frame.length];
        for (int j = 0; j < frame.length / 3; j++) {
            double[] moved = r.operate(new double[] {frame[3 * j] - centroid[0], frame[3 * j + 1] - centroid[1],
                    frame[3 * j + 2] - centroid[2]});
            System.arraycopy(moved, 0, out, 3 * j, 3);
        }
        return out;
    }

    /** The centroid of {@code atoms} of {@code frame} (3N values). */
    static double[] centroid(double[] frame, int[] atoms) {
        double[] centroid = new double[3];
        for (int atom : atoms) {
            for (int a = 0; a < 3; a++) {
                centroid[a] += frame[3 * atom + a] / atoms.length;
            }
        }
        return centroid;
    }

    /**
     * The Kabsch rotation {@code R} (rows of a 3 × 3 matrix) of {@link #superpose}: {@code R (xᵢ - c)} superposes
     * {@code atoms} of {@code frame}, centred on their centroid {@code c}, onto {@code reference}.
     */
    static double[][] rotation(double[] frame, int[] atoms, double[] reference) {
        double[] chosen = select(frame, atoms);
        double[] centroid = centroid(frame, atoms);
        double[][] h = new double[3][3];
        for (int i = 0; i < atoms.length; i++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    h[a][b] += (chosen[3 * i + a] - centroid[a]) * reference[3 * i + b];
                }
            }
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(h, false));
        RealMatrix vu = svd.getV().multiply(svd.getUT());
        double sign = Math.signum(new LUDecomposition(vu).getDeterminant());
        RealMatrix d = MatrixUtils.createRealDiagonalMatrix(new double[] {1, 1, sign});
        return svd.getV().multiply(d).multiply(svd.getUT()).getData();
    }

    /**
     * The root-mean-square deviation of two sets of m points (3m values each) after the optimal rigid superposition
     * (translation and proper rotation): from the singular values of their covariance (Kabsch), without rotating.
     */
    public static double rmsd(double[] a, double[] b) {
        int m = a.length / 3;
        double[] ca = new double[3];
        double[] cb = new double[3];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 3; k++) {
                ca[k] += a[3 * i + k] / m;
                cb[k] += b[3 * i + k] / m;
            }
        }
        double[][] h = new double[3][3];
        double squares = 0;
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < 3; p++) {
                double u = a[3 * i + p] - ca[p];
                squares += u * u;
                for (int q = 0; q < 3; q++) {
                    double v = b[3 * i + q] - cb[q];
                    h[p][q] += u * v;
                    if (p == 0) {
                        squares += v * v;
                    }
                }
            }
        }
        Array2DRowRealMatrix matrix = new Array2DRowRealMatrix(h, false);
        double[] sigma = new SingularValueDecomposition(matrix).getSingularValues();
        double sign = Math.signum(new LUDecomposition(matrix).getDeterminant());
        double overlap = sigma[0] + sigma[1] + (sign < 0 ? -sigma[2] : sigma[2]);
        return Math.sqrt(Math.max(0, squares - 2 * overlap) / m);
    }

    /** The coordinates of {@code atoms} in {@code frame}, 3 per atom. */
    public static double[] select(double[] frame, int[] atoms) {
        double[] out = new double[3 * atoms.length];
        for (int i = 0; i < atoms.length; i++) {
            System.arraycopy(frame, 3 * atoms[i], out, 3 * i, 3);
        }
        return out;
    }
}
