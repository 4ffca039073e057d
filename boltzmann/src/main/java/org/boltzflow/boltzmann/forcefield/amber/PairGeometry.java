package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.boltzmann.coordinates.ColumnVectors;

/**
 * The distances of the atom pairs of a {@link PairList} in one configuration, shared by the {@link PairTerm}s of
 * one evaluation, and the radial force factors they add up; working arrays reused by one thread, indexed by the
 * list's pair p; for a complete list (the GB term's) {@link #r} and {@link #invR} repeat the pairs at p + pairs (the
 * j → i direction), and only then are {@link #rr} and {@link #r} measured (the nonbonded term reads 1/r alone). Flat
 * arrays let the JIT vectorize the arithmetic over them.
 */
final class PairGeometry implements TermGeometry {
    final PairList list;
    final int pairs;
    final double[] dx; // x_j - x_i per pair
    final double[] dy;
    final double[] dz;
    final double[] rr; // r² per pair (complete list)
    final double[] r; // r per directed pair (complete list)
    final double[] invR; // 1/r per directed pair
    final double[] radial; // Σ over terms of -dE/dr / r per pair
    final double[] energy; // a term's energy per pair, summed by ArraySum

    PairGeometry(PairList list) {
        this.list = list;
        pairs = list.size();
        dx = new double[pairs];
        dy = new double[pairs];
        dz = new double[pairs];
        rr = new double[pairs];
        r = new double[2 * pairs];
        invR = new double[2 * pairs];
        radial = new double[pairs];
        energy = new double[pairs];
    }

    /** Measures the pairs of {@code xyz} (x0, y0, z0, x1, ...) and clears {@link #radial}. */
    @Override
    public void measure(double[] xyz) {
        int[] rowStart = list.rowStart;
        int[] partner = list.partner;
        for (int i = 0; i < list.atoms; i++) {
            double xi = xyz[3 * i];
            double yi = xyz[3 * i + 1];
            double zi = xyz[3 * i + 2];
            int first = rowStart[i];
            int last = rowStart[i + 1];
            for (int p = first; p < last; p++) {
                int j = 3 * partner[p];
                dx[p] = xyz[j] - xi;
                dy[p] = xyz[j + 1] - yi;
                dz[p] = xyz[j + 2] - zi;
            }
        }
        if (list.complete()) { // r², r and the j → i direction, which only the GB term reads
            ColumnVectors.dot(dx, dy, dz, dx, dy, dz, rr, pairs);
            for (int p = 0; p < pairs; p++) {
                r[p] = Math.sqrt(rr[p]);
                invR[p] = 1 / r[p];
            }
            System.arraycopy(r, 0, r, pairs, pairs);
            System.arraycopy(invR, 0, invR, pairs, pairs);
        } else {
            for (int p = 0; p < pairs; p++) {
                invR[p] = 1 / Math.sqrt(dx[p] * dx[p] + dy[p] * dy[p] + dz[p] * dz[p]);
            }
        }
        java.util.Arrays.fill(radial, 0.0);
    }

    /** Adds each pair's force -(dE/dr) (x_j - x_i)/r to atom j and its opposite to atom i. */
    @Override
    public void addForces(double[] forces) {
        int[] rowStart = list.rowStart;
        int[] partner = list.partner;
        for (int i = 0; i < list.atoms; i++) {
            double fx = 0; // atom i's force in registers, not a store-to-load chain through forces[3i..]
            double fy = 0;
            double fz = 0;
            int first = rowStart[i];
            int last = rowStart[i + 1];
            for (int p = first; p < last; p++) {
                double gx = radial[p] * dx[p];
                double gy = radial[p] * dy[p];
                double gz = radial[p] * dz[p];
                fx -= gx;
                fy -= gy;
                fz -= gz;
                AtomForces.add(forces, 3 * partner[p], gx, gy, gz);
            }
            AtomForces.add(forces, 3 * i, fx, fy, fz);
        }
    }
}
