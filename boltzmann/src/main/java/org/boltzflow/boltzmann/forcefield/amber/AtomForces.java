package org.boltzflow.boltzmann.forcefield.amber;

/** Adding force vectors to the atoms of a force array (x0, y0, z0, x1, ...); atoms are given as 3 × atom index. */
final class AtomForces {
    private AtomForces() {}

    /** Adds (fx, fy, fz) to the atom at {@code xi}. */
    static void add(double[] forces, int xi, double fx, double fy, double fz) {
        forces[xi] += fx;
        forces[xi + 1] += fy;
        forces[xi + 2] += fz;
    }

    /**
     * Adds the forces of a term depending only on the distance r between atoms i and j, given
     * {@code g = -(dE/dr) / r} and {@code (dx, dy, dz) = x_j - x_i}.
     */
    static void addPair(double[] forces, int xi, int xj, double g, double dx, double dy, double dz) {
        add(forces, xi, -g * dx, -g * dy, -g * dz);
        add(forces, xj, g * dx, g * dy, g * dz);
    }
}
