package org.boltzflow.boltzmann.coordinates;

import static org.boltzflow.boltzmann.coordinates.Vectors.cross;
import static org.boltzflow.boltzmann.coordinates.Vectors.dot;

/**
 * The internal coordinates of {@link Vectors} with their Cartesian derivatives, for force-field terms: distance, bond
 * angle, dihedral angle (IUPAC sign, as {@link Vectors#dihedral}) and the sine of the Wilson out-of-plane angle of
 * flat {@code double[3n]} coordinates, plus the scatter-adds of a scaled derivative into a gradient array.
 */
public final class InternalGradients {
    private static final double TINY = 1e-8;

    private InternalGradients() {}

    /** Writes x_i - x_j into {@code d} and returns its length. */
    public static double difference(double[] x, int i, int j, double[] d) {
        d[0] = x[3 * i] - x[3 * j];
        d[1] = x[3 * i + 1] - x[3 * j + 1];
        d[2] = x[3 * i + 2] - x[3 * j + 2];
        return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }

    /** grad_i += s d, grad_j -= s d. */
    public static void addPair(double[] grad, int i, int j, double[] d, double s) {
        for (int c = 0; c < 3; c++) {
            grad[3 * i + c] += s * d[c];
            grad[3 * j + c] -= s * d[c];
        }
    }

    /** Adds s times a three-atom derivative (i, j, k blocks of {@code d}) into grad. */
    public static void addTriple(double[] grad, int i, int j, int k, double[] d, double s) {
        for (int c = 0; c < 3; c++) {
            grad[3 * i + c] += s * d[c];
            grad[3 * j + c] += s * d[3 + c];
            grad[3 * k + c] += s * d[6 + c];
        }
    }

    /** Adds s times a four-atom derivative (blocks of {@code d} for {@code atoms[offset..offset+3]}) into grad. */
    public static void addQuad(double[] grad, int[] atoms, int offset, double[] d, double s) {
        for (int a = 0; a < 4; a++) {
            for (int c = 0; c < 3; c++) {
                grad[3 * atoms[offset + a] + c] += s * d[3 * a + c];
            }
        }
    }

    /** The angle i-j-k in radians; writes d(theta)/d(x_i, x_j, x_k) into {@code d} (9 values). */
    public static double angle(double[] x, int i, int j, int k, double[] d) {
        double[] a = new double[3];
        double[] b = new double[3];
        double ra = difference(x, i, j, a);
        double rb = difference(x, k, j, b);
        double cos = clip(dot(a, b) / (ra * rb));
        double sin = Math.max(Math.sqrt(1 - cos * cos), TINY);
        for (int c = 0; c < 3; c++) {
            double da = (b[c] / (ra * rb) - cos * a[c] / (ra * ra)) / -sin;
            double db = (a[c] / (ra * rb) - cos * b[c] / (rb * rb)) / -sin;
            d[c] = da;
            d[6 + c] = db;
            d[3 + c] = -da - db;
        }
        return Math.acos(cos);
    }

    /**
     * The dihedral i-j-k-l ({@code atoms[offset..offset+3]}) in radians (IUPAC sign); writes d(phi)/d(x_i, x_j, x_k,
     * x_l) into {@code d}.
     */
    public static double dihedral(double[] x, int[] atoms, int offset, double[] d) {
        int i = atoms[offset];
        int j = atoms[offset + 1];
        int k = atoms[offset + 2];
        int l = atoms[offset + 3];
        double[] f = new double[3];
        double[] g = new double[3];
        double[] h = new double[3];
        difference(x, i, j, f);
        double rg = difference(x, j, k, g);
        difference(x, l, k, h);
        double[] a = cross(f, g);
        double[] b = cross(h, g);
        double a2 = Math.max(dot(a, a), TINY);
        double b2 = Math.max(dot(b, b), TINY);
        double phi = Math.atan2(dot(cross(b, a), g) / rg, dot(a, b));
        double fg = dot(f, g) / (a2 * rg);
        double hg = dot(h, g) / (b2 * rg);
        for (int c = 0; c < 3; c++) {
            double di = -rg / a2 * a[c];
            double dl = rg / b2 * b[c];
            d[c] = di;
            d[3 + c] = -di + fg * a[c] - hg * b[c];
            d[6 + c] = -dl - fg * a[c] + hg * b[c];
            d[9 + c] = dl;
        }
        return phi;
    }

    /**
     * The sine of the Wilson angle between j-l and the plane i-j-k (i, j, k, l = {@code atoms[offset..offset+3]});
     * writes its derivative with respect to (x_i, x_j, x_k, x_l) into {@code d}.
     */
    public static double wilsonSine(double[] x, int[] atoms, int offset, double[] d) {
        int i = atoms[offset];
        int j = atoms[offset + 1];
        int k = atoms[offset + 2];
        int l = atoms[offset + 3];
        double[] a = new double[3];
        double[] b = new double[3];
        double[] c = new double[3];
        difference(x, i, j, a);
        difference(x, k, j, b);
        double rc = difference(x, l, j, c);
        double[] n = cross(a, b);
        double rn = Math.max(Math.sqrt(dot(n, n)), TINY);
        double s = clip(dot(n, c) / (rn * rc));
        double[] gn = new double[3];
        for (int q = 0; q < 3; q++) {
            gn[q] = c[q] / (rn * rc) - s * n[q] / (rn * rn);
        }
        double[] da = cross(b, gn);
        double[] db = cross(gn, a);
        for (int q = 0; q < 3; q++) {
            double dc = n[q] / (rn * rc) - s * c[q] / (rc * rc);
            d[q] = da[q];
            d[6 + q] = db[q];
            d[9 + q] = dc;
            d[3 + q] = -da[q] - db[q] - dc;
        }
        return s;
    }

    private static double clip(double v) {
        return Math.max(-1.0, Math.min(1.0, v));
    }
}
