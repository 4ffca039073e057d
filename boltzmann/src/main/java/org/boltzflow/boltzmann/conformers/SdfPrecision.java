package org.boltzflow.boltzmann.conformers;

/**
 * Coordinates rounded to what an SDF record holds (1e-4 Angstrom), so that an energy reported next to a written
 * record is the energy of exactly those coordinates.
 */
final class SdfPrecision {
    private SdfPrecision() {}

    /** {@code xyz} (nm) rounded to 1e-5 nm, a new array. */
    static double[] round(double[] xyz) {
        double[] out = new double[xyz.length];
        for (int k = 0; k < xyz.length; k++) {
            out[k] = Math.round(xyz[k] * 1e5) / 1e5;
        }
        return out;
    }
}
