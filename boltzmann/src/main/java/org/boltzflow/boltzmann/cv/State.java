package org.boltzflow.boltzmann.cv;

import java.util.List;
import java.util.function.Function;

/**
 * A named state: a box in collective-variable space, the configurations whose every constrained variable lies in
 * its range (e.g. alanine dipeptide's αR: φ ∈ [-180°, 0°), ψ ∈ [-149°, 51.6°)).
 */
public record State(String name, List<Interval> ranges) {
    /** Checks there is at least one range and no variable is constrained twice. */
    public State {
        ranges = List.copyOf(ranges);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a state has no name");
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("state " + name + " constrains no collective variable");
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ranges.get(i).variable().name().equals(ranges.get(j).variable().name())) {
                    throw new IllegalArgumentException("state " + name + " gives a range of "
                            + ranges.get(i).variable().name() + " twice");
                }
            }
        }
    }

    /** Whether the configuration with these variable values (looked up by variable) is in the state. */
    public boolean contains(Function<CollectiveVariable, Double> value) {
        for (Interval range : ranges) {
            if (!range.contains(value.apply(range.variable()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * For each of n samples, whether it is in the state; {@code values} gives each variable's values over the
     * samples.
     */
    public boolean[] members(Function<CollectiveVariable, double[]> values, int n) {
        boolean[] in = new boolean[n];
        java.util.Arrays.fill(in, true);
        for (Interval range : ranges) {
            double[] v = values.apply(range.variable());
            for (int i = 0; i < n; i++) {
                in[i] &= range.contains(v[i]);
            }
        }
        return in;
    }

    /**
     * Whether the two states share a region of positive volume: on every variable both constrain, their ranges
     * overlap (a variable only one of them constrains does not separate them).
     */
    public boolean overlaps(State other) {
        for (Interval a : ranges) {
            for (Interval b : other.ranges) {
                if (a.variable().name().equals(b.variable().name()) && !a.overlaps(b)) {
                    return false;
                }
            }
        }
        return true;
    }
}
