package org.boltzflow.boltzmann.coordinates;

/**
 * The column layout of {@link Vectors}: arithmetic on many 3-vectors stored as three columns (x[], y[], z[]), one
 * short loop per output column, for the force-field kernels that measure all their atom pairs or triples at once.
 * The JIT vectorizes such loops, where one loop computing several results per element stays scalar.
 */
public final class ColumnVectors {
    private ColumnVectors() {}

    /**
     * The arms of atom triples from their middle atoms: (ax, ay, az)[i] = x_first - x_middle and (cx, cy, cz)[i] =
     * x_last - x_middle in {@code xyz} (x0, y0, z0, x1, ...), atoms given as 3 × atom index, for i below
     * {@code count}.
     */
    public static void arms(double[] xyz, int[] first, int[] middle, int[] last, double[] ax, double[] ay, double[] az,
            double[] cx, double[] cy, double[] cz, int count) {
        for (int i = 0; i < count; i++) {
            int f = first[i];
            int m = middle[i];
            int l = last[i];
            ax[i] = xyz[f] - xyz[m];
            ay[i] = xyz[f + 1] - xyz[m + 1];
            az[i] = xyz[f + 2] - xyz[m + 2];
            cx[i] = xyz[l] - xyz[m];
            cy[i] = xyz[l + 1] - xyz[m + 1];
            cz[i] = xyz[l + 2] - xyz[m + 2];
        }
    }

    /** out[i] = a_i · b_i for i below {@code count}. */
    public static void dot(double[] ax, double[] ay, double[] az, double[] bx, double[] by, double[] bz, double[] out,
            int count) {
        for (int i = 0; i < count; i++) {
            out[i] = ax[i] * bx[i] + ay[i] * by[i] + az[i] * bz[i];
        }
    }

    /** (outX, outY, outZ)[i] = a_i × b_i for i below {@code count}. */
    public static void cross(double[] ax, double[] ay, double[] az, double[] bx, double[] by, double[] bz, double[] outX,
            double[] outY, double[] outZ, int count) {
        for (int i = 0; i < count; i++) {
            outX[i] = ay[i] * bz[i] - az[i] * by[i];
        }
        for (int i = 0; i < count; i++) {
            outY[i] = az[i] * bx[i] - ax[i] * bz[i];
        }
        for (int i = 0; i < count; i++) {
            outZ[i] = ax[i] * by[i] - ay[i] * bx[i];
        }
    }

    /** Multiplies vector i by factor[i], for i below {@code count}. */
    public static void scale(double[] x, double[] y, double[] z, double[] factor, int count) {
        for (int i = 0; i < count; i++) {
            x[i] *= factor[i];
        }
        for (int i = 0; i < count; i++) {
            y[i] *= factor[i];
        }
        for (int i = 0; i < count; i++) {
            z[i] *= factor[i];
        }
    }
}
