package org.boltzflow.boltzmann.cv;

/**
 * A half-open range {@code [low, high)} of one collective variable, in its own unit (radians for angles). On a
 * periodic variable the bounds are wrapped into [-π, π) and a range whose low end lies above its high end runs
 * through ±π ({@code [170°, -170°)} is 20° wide); a range of a full turn or more is the whole circle. Empty ranges
 * are refused.
 */
public record Interval(CollectiveVariable variable, double low, double high) {
    private static final double TURN = 2 * Math.PI;

    /** Checks the bounds are finite and span something, and wraps periodic bounds. */
    public Interval {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException(variable.name() + " range has a bound that is not a finite number");
        }
        if (variable.periodic()) {
            if (high - low >= TURN) {
                low = -Math.PI;
                high = Math.PI;
            } else {
                low = wrap(low);
                high = wrap(high);
            }
        }
        if (low == high || (!variable.periodic() && low > high)) {
            throw new IllegalArgumentException(variable.name() + " range is empty");
        }
    }

    /** Whether {@code value} lies in the range (periodic values are wrapped first). */
    public boolean contains(double value) {
        if (!variable.periodic()) {
            return value >= low && value < high;
        }
        double w = wrap(value);
        return low < high ? w >= low && w < high : w >= low || w < high;
    }

    /** Whether this range and {@code other} (of the same variable) share a stretch of positive length. */
    public boolean overlaps(Interval other) {
        for (double[] a : pieces()) {
            for (double[] b : other.pieces()) {
                if (Math.max(a[0], b[0]) < Math.min(a[1], b[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An angle wrapped into [-π, π). */
    public static double wrap(double angle) {
        double w = angle - TURN * Math.floor((angle + Math.PI) / TURN);
        return w >= Math.PI ? w - TURN : w;
    }

    private double[][] pieces() {
        return low < high ? new double[][] {{low, high}} : new double[][] {{low, Math.PI}, {-Math.PI, high}};
    }
}
