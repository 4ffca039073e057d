package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * The non-bonded pairs of a molecule (atoms separated by three or more bonds) that the van der Waals and electrostatic
 * terms share: one {@link Measured} configuration per evaluation gives both terms the pair vectors and distances,
 * collects their dE/dr, and adds the gradient in one pass.
 */
final class MmffPairs {
    private final int[] atoms;

    /** Pairs {@code atoms} (two per pair). */
    MmffPairs(int[] atoms) {
        this.atoms = atoms;
    }

    /** The number of pairs. */
    int count() {
        return atoms.length / 2;
    }

    /** Measures the pairs of {@code x} (Angstrom). */
    Measured measure(double[] x) {
        return new Measured(x);
    }

    /** The pairs of one configuration: vectors x_i - x_j, distances, and the dE/dr the terms add to. */
    final class Measured {
        final double[] d;
        final double[] r;
        final double[] dEdr;

        private Measured(double[] x) {
            int n = count();
            d = new double[3 * n];
            r = new double[n];
            dEdr = new double[n];
            for (int p = 0; p < n; p++) {
                int i = 3 * atoms[2 * p];
                int j = 3 * atoms[2 * p + 1];
                double dx = x[i] - x[j];
                double dy = x[i + 1] - x[j + 1];
                double dz = x[i + 2] - x[j + 2];
                d[3 * p] = dx;
                d[3 * p + 1] = dy;
                d[3 * p + 2] = dz;
                r[p] = Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }

        /** Adds the gradient of the collected dE/dr to {@code grad} (kcal/mol/Angstrom). */
        void addGradient(double[] grad) {
            for (int p = 0; p < r.length; p++) {
                double s = dEdr[p] / r[p];
                int i = 3 * atoms[2 * p];
                int j = 3 * atoms[2 * p + 1];
                for (int c = 0; c < 3; c++) {
                    grad[i + c] += s * d[3 * p + c];
                    grad[j + c] -= s * d[3 * p + c];
                }
            }
        }
    }
}
