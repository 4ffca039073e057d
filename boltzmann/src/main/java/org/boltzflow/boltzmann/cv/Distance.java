package org.boltzflow.boltzmann.cv;

import org.boltzflow.boltzmann.coordinates.Vectors;

/** The distance between atoms a and b (zero-based indices) in nm. */
public record Distance(String name, int a, int b) implements CollectiveVariable {
    /** Checks the two atoms are distinct and non-negative. */
    public Distance {
        AtomSelection.requireDistinct(name, a, b);
    }

    @Override
    public double value(double[] xyz, int offset) {
        return Vectors.distance(xyz, offset, a, b);
    }

    @Override
    public Unit unit() {
        return Unit.NANOMETER;
    }

    @Override
    public int maxAtom() {
        return Math.max(a, b);
    }
}
