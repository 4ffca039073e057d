package org.boltzflow.boltzmann.cv;

/**
 * Equal bins of one collective variable over {@code [low, high)} (its own unit), as the axis of a free-energy
 * surface. A periodic variable's axis is the circle [-π, π); values outside a non-periodic axis fall in no bin
 * (the upper edge itself counts in the last bin).
 */
public record Axis(CollectiveVariable variable, double low, double high, int bins) {
    /** Checks the range and bin count. */
    public Axis {
        if (bins < 1) {
            throw new IllegalArgumentException(variable.name() + ": the number of bins must be >= 1, got " + bins);
        }
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException(variable.name() + ": axis range " + low + ".." + high + " is empty");
        }
    }

    /** The whole circle for a periodic variable. */
    public static Axis circle(CollectiveVariable variable, int bins) {
        return new Axis(variable, -Math.PI, Math.PI, bins);
    }

    /** The bin of {@code value}, or -1 if it lies outside the axis. */
    public int bin(double value) {
        double v = variable.periodic() ? Interval.wrap(value) : value;
        if (v == high) {
            return bins - 1;
        }
        if (!(v >= low && v < high)) {
            return -1;
        }
        return Math.min((int) Math.floor((v - low) / (high - low) * bins), bins - 1);
    }

    /** The centre of bin {@code k}. */
    public double center(int k) {
        return low + (k + 0.5) * (high - low) / bins;
    }

    /** The width of a bin. */
    public double width() {
        return (high - low) / bins;
    }
}
