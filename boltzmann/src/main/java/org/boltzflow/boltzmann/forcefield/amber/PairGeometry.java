package org.boltzflow.boltzmann.forcefield.amber;

/**
 * The distances of all atom pairs of one configuration, shared by the {@link PairTerm}s of one evaluation, and the
 * radial force factors they add up; working arrays reused by one thread. Pair p runs over i &lt; j in row order
 * (0-1, 0-2, ..., 1-2, ...); {@link #r} and {@link #invR} repeat the pairs at p + pairs (the j → i direction).
 * Flat arrays let the JIT vectorize the arithmetic over them.
 */
final class PairGeometry {
    final int atoms;
    final int pairs;
    final double[] dx; // x_j - x_i per pair
    final double[] dy;
    final double[] dz;
    final double[] rr; // r² per pair
    final double[] r; // r per directed pair
    final double[] invR; // 1/r per directed pair
    final double[] radial; // Σ over terms of -dE/dr / r per pair

    PairGeometry(int atoms) {
        this.atoms = atoms;
        pairs = atoms * (atoms - 1) / 2;
        dx = new double[pairs];
        dy = new double[pairs];
        dz = new double[pairs];
        rr = new double[pairs];
        r = new double[2 * pairs];
        invR = new double[2 * pairs];
        radial = new double[pairs];
    }

    /** Measures the pairs of {@code xyz} (x0, y0, z0, x1, ...) and clears {@link #radial}. */
    void measure(double[] xyz) {
        for (int i = 0, p = 0; i < atoms; i++) {
            double xi = xyz[3 * i];
            double yi = xyz[3 * i + 1];
            double zi = xyz[3 * i + 2];
            for (int j = i + 1; j < atoms; j++, p++) {
                dx[p] = xyz[3 * j] - xi;
                dy[p] = xyz[3 * j + 1] - yi;
                dz[p] = xyz[3 * j + 2] - zi;
            }
        }
        for (int p = 0; p < pairs; p++) {
            rr[p] = dx[p] * dx[p] + dy[p] * dy[p] + dz[p] * dz[p];
        }
        for (int p = 0; p < pairs; p++) {
            r[p] = Math.sqrt(rr[p]);
            invR[p] = 1 / r[p];
        }
        System.arraycopy(r, 0, r, pairs, pairs);
        System.arraycopy(invR, 0, invR, pairs, pairs);
        java.util.Arrays.fill(radial, 0.0);
    }

    /** Adds each pair's force -(dE/dr) (x_j - x_i)/r to atom j and its opposite to atom i. */
    void addForces(double[] forces) {
        for (int i = 0, p = 0; i < atoms; i++) {
            double fx = 0; // atom i's force in registers, not a store-to-load chain through forces[3i..]
            double fy = 0;
            double fz = 0;
            for (int j = i + 1; j < atoms; j++, p++) {
                double gx = radial[p] * dx[p];
                double gy = radial[p] * dy[p];
                double gz = radial[p] * dz[p];
                fx -= gx;
                fy -= gy;
                fz -= gz;
                forces[3 * j] += gx;
                forces[3 * j + 1] += gy;
                forces[3 * j + 2] += gz;
            }
            forces[3 * i] += fx;
            forces[3 * i + 1] += fy;
            forces[3 * i + 2] += fz;
        }
    }
}
