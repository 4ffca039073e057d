package org.boltzflow.boltzmann.io;

/**
 * A crystallographic unit cell: edge lengths {@code a, b, c} in nm and angles {@code alpha, beta, gamma} in
 * degrees (alpha between b and c, beta between a and c, gamma between a and b), as DCD and PDB {@code CRYST1}
 * store it.
 */
public record UnitCell(double a, double b, double c, double alpha, double beta, double gamma) {
    /** Checks that every value is finite, the lengths positive and the angles in (0, 180). */
    public UnitCell {
        for (double length : new double[] {a, b, c}) {
            if (!(length > 0) || Double.isInfinite(length)) {
                throw new IllegalArgumentException("unit cell length " + length + " nm is not positive and finite");
            }
        }
        for (double angle : new double[] {alpha, beta, gamma}) {
            if (!(angle > 0 && angle < 180)) {
                throw new IllegalArgumentException("unit cell angle " + angle + " degrees is not in (0, 180)");
            }
        }
    }
}
