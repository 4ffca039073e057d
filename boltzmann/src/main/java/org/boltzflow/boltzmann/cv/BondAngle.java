package org.boltzflow.boltzmann.cv;

import org.boltzflow.boltzmann.coordinates.Vectors;

/** The angle a-b-c at atom b (zero-based atom indices) in radians, in [0, π]. */
public record BondAngle(String name, int a, int b, int c) implements CollectiveVariable {
    /** Checks the three atoms are distinct and non-negative. */
    public BondAngle {
        AtomSelection.requireDistinct(name, a, b, c);
    }

    @Override
    public double value(double[] xyz, int offset) {
        return Vectors.angle(xyz, offset, a, b, c);
    }

    @Override
    public Unit unit() {
        return Unit.RADIAN;
    }

    @Override
    public int maxAtom() {
        return Math.max(a, Math.max(b, c));
    }
}
