package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Arithmetic on 3-vectors stored as three columns (x[], y[], z[]), one short loop per output column: the JIT
 * vectorizes such loops, where one loop computing several results per element stays scalar.
 */
final class ColumnVectors {
    private ColumnVectors() {}

    /**
     * (x, y, z)[i] = the position of atom to[i] minus that of atom from[i] in {@code xyz} (x0, y0, z0, x1, ...), atoms
     * given as 3 × atom index, for i below {@code count}.
     */
    static void difference(double[] xyz, int[] to, int[] from, double[] x, double[] y, double[] z, int count) {
        for (int i = 0; i < count; i++) {
            int t = to[i];
            int f = from[i];
            x[i] = xyz[t] - xyz[f];
            y[i] = xyz[t + 1] - xyz[f + 1];
            z[i] = xyz[t + 2] - xyz[f + 2];
        }
    }

    /** out[i] = a_i · b_i for i below {@code count}. */
    static void dot(double[] ax, double[] ay, double[] az, double[] bx, double[] by, double[] bz, double[] out,
            int count) {
        for (int i = 0; i < count; i++) {
            out[i] = ax[i] * bx[i] + ay[i] * by[i] + az[i] * bz[i];
        }
    }

    /** (outX, outY, outZ)[i] = a_i × b_i for i below {@code count}. */
    static void cross(double[] ax, double[] ay, double[] az, double[] bx, double[] by, double[] bz, double[] outX,
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
    static void scale(double[] x, double[] y, double[] z, double[] factor, int count) {
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
