package org.boltzflow.boltzmann.analysis;

/**
 * A box on the torus of two angles (radians): first ∈ [firstLow, firstHigh) and second ∈ [secondLow, secondHigh).
 * An interval whose low end is above its high end wraps through ±π, so {@code [2.6, -0.5)} is [2.6, π) ∪ [-π, -0.5).
 */
public record TorusRegion(String name, double firstLow, double firstHigh, double secondLow, double secondHigh) {
    /** Checks the bounds are finite and the intervals not empty. */
    public TorusRegion {
        for (double v : new double[] {firstLow, firstHigh, secondLow, secondHigh}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("region " + name + " has a non-finite bound");
            }
        }
        if (firstLow == firstHigh || secondLow == secondHigh) {
            throw new IllegalArgumentException("region " + name + " has an empty interval");
        }
    }

    /** Whether the angle pair lies in the region (angles are wrapped into [-π, π) first). */
    public boolean contains(double first, double second) {
        return inInterval(wrap(first), firstLow, firstHigh) && inInterval(wrap(second), secondLow, secondHigh);
    }

    /** For each pair (first[i], second[i]), whether it lies in the region. */
    public boolean[] containsEach(double[] first, double[] second) {
        boolean[] out = new boolean[first.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = contains(first[i], second[i]);
        }
        return out;
    }

    /**
     * Parses {@code name:firstLow,firstHigh,secondLow,secondHigh} (radians), e.g. {@code beta:-3.1416,0,0.9,-2.6}.
     */
    public static TorusRegion parse(String text) {
        int colon = text.indexOf(':');
        String[] parts = text.substring(colon + 1).split(",");
        if (colon <= 0 || parts.length != 4) {
            throw new IllegalArgumentException("region '" + text
                    + "' is not name:firstLow,firstHigh,secondLow,secondHigh (radians)");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("region '" + text + "': '" + parts[i] + "' is not a number", e);
            }
        }
        return new TorusRegion(text.substring(0, colon), v[0], v[1], v[2], v[3]);
    }

    private static double wrap(double angle) {
        return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
    }

    private static boolean inInterval(double x, double low, double high) {
        return low < high ? x >= low && x < high : x >= low || x < high;
    }
}
