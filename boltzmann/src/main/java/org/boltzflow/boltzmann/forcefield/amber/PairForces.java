package org.boltzflow.boltzmann.forcefield.amber;

/** Forces of a central pair term (a bond) between two atoms. */
final class PairForces {
    private PairForces() {}

    /**
     * Adds the forces of a term depending only on the distance r between atoms i and j, given
     * {@code g = -(dE/dr) / r} and {@code (dx, dy, dz) = x_j - x_i}; {@code xi}, {@code xj} are 3 × atom index.
     */
    static void add(double[] forces, int xi, int xj, double g, double dx, double dy, double dz) {
        forces[xi] -= g * dx;
        forces[xi + 1] -= g * dy;
        forces[xi + 2] -= g * dz;
        forces[xj] += g * dx;
        forces[xj + 1] += g * dy;
        forces[xj + 2] += g * dz;
    }
}
