package org.boltzflow.boltzmann.cv;

import org.boltzflow.boltzmann.coordinates.Vectors;

/**
 * The dihedral angle a-b-c-d (zero-based atom indices) in radians in [-π, π), by the IUPAC convention (the sign of a
 * right-handed rotation about the b-c bond), as OpenMM and MDTraj measure it. Periodic.
 */
public record Dihedral(String name, int a, int b, int c, int d) implements CollectiveVariable {
    /** Checks the four atoms are distinct and non-negative. */
    public Dihedral {
        AtomSelection.requireDistinct(name, a, b, c, d);
    }

    @Override
    public double value(double[] xyz, int offset) {
        return Vectors.dihedral(xyz, offset, a, b, c, d);
    }

    @Override
    public Unit unit() {
        return Unit.RADIAN;
    }

    @Override
    public boolean periodic() {
        return true;
    }

    @Override
    public int maxAtom() {
        return Math.max(Math.max(a, b), Math.max(c, d));
    }
}
