package org.boltzflow.boltzmann.cv;

import java.util.SplittableRandom;

/**
 * A normalized, optionally weighted 2D histogram of angle pairs on the torus [-π, π)², e.g. a Ramachandran
 * (φ, ψ) plot, the KL divergence between two such histograms, and the part of such a KL that finite sampling alone
 * gives.
 */
public final class TorusHistogram {
    private final int bins;
    private final double[] mass;

    private TorusHistogram(int bins, double[] mass) {
        this.bins = bins;
        this.mass = mass;
    }

    /**
     * The histogram of the pairs (first[i], second[i]) with weights {@code weights[i]} (null for equal weights),
     * {@code bins} × {@code bins} cells, normalized to total mass 1.
     */
    public static TorusHistogram of(double[] first, double[] second, double[] weights, int bins) {
        if (first.length != second.length || (weights != null && weights.length != first.length)) {
            throw new IllegalArgumentException("angle and weight arrays differ in length: " + first.length + ", "
                    + second.length + (weights == null ? "" : ", " + weights.length));
        }
        double[] mass = new double[bins * bins];
        double total = 0;
        for (int i = 0; i < first.length; i++) {
            double w = weights == null ? 1.0 : weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight " + i + " is " + w + "; weights must be finite and >= 0");
            }
            mass[cell(first[i], bins) * bins + cell(second[i], bins)] += w;
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("a histogram needs a positive total weight");
        }
        for (int k = 0; k < mass.length; k++) {
            mass[k] /= total;
        }
        return new TorusHistogram(bins, mass);
    }

    /** The bin index of an angle (wrapped into [-π, π)) among {@code bins} equal bins. */
    static int cell(double angle, int bins) {
        double wrapped = angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
        int index = (int) Math.floor((wrapped + Math.PI) / (2 * Math.PI) * bins);
        return Math.min(Math.max(index, 0), bins - 1);
    }

    /** The number of cells along each angle. */
    public int bins() {
        return bins;
    }

    /** The probability mass of cell (i, j): first angle in bin i, second in bin j. */
    public double mass(int i, int j) {
        return mass[i * bins + j];
    }

    /**
     * KL(this ‖ other) = Σ p log(p / q) over cells where this has mass; cells where {@code other} is empty count with
     * q = {@code floor} (a small pseudo-probability, e.g. 1e-10), so that the result is finite but large.
     */
    public double klDivergenceTo(TorusHistogram other, double floor) {
        if (other.bins != bins) {
            throw new IllegalArgumentException("histograms have " + bins + " and " + other.bins + " bins");
        }
        double kl = 0;
        for (int k = 0; k < mass.length; k++) {
            if (mass[k] > 0) {
                kl += mass[k] * Math.log(mass[k] / Math.max(other.mass[k], floor));
            }
        }
        return kl;
    }

    /**
     * The mean of KL(this ‖ Q̂) over {@code repeats} histograms Q̂ of {@code draws} independent draws from this
     * histogram itself, with {@link #klDivergenceTo}'s {@code floor}: what the KL to a perfect sampler with that many
     * effective samples is, i.e. how much of a measured KL finite sampling alone explains. Cells that this histogram
     * holds but few draws reach dominate it when the draws are few.
     */
    public double klToOwnDraws(int draws, int repeats, double floor, long seed) {
        if (draws < 1 || repeats < 1) {
            throw new IllegalArgumentException("draws and repeats must be positive: " + draws + ", " + repeats);
        }
        double[] cumulative = new double[mass.length];
        double sum = 0;
        for (int k = 0; k < mass.length; k++) {
            sum += mass[k];
            cumulative[k] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double total = 0;
        for (int r = 0; r < repeats; r++) {
            double[] drawn = new double[mass.length];
            for (int i = 0; i < draws; i++) {
                drawn[firstAbove(cumulative, random.nextDouble() * sum)] += 1.0 / draws;
            }
            total += klDivergenceTo(new TorusHistogram(bins, drawn), floor);
        }
        return total / repeats;
    }

    /** The first index whose cumulative mass exceeds u (u below the total): the cell a uniform draw u falls in. */
    private static int firstAbove(double[] cumulative, double u) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
