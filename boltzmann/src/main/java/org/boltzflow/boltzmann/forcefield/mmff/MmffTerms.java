package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * The parameterized interaction lists of one molecule, in MMFF94's own units (Angstrom, degrees, md/Angstrom,
 * kcal/mol, e). Atom indices are flattened: term {@code t} of an n-body list uses {@code atoms[n*t .. n*t+n-1]}.
 */
record MmffTerms(Bonds bonds, Angles angles, StretchBends stretchBends, OutOfPlanes outOfPlanes, Torsions torsions,
        Pairs pairs) {

    /** Bond stretches: rest length r0 and force constant kb. */
    record Bonds(int[] atoms, double[] r0, double[] kb) {}

    /** Angle bends i-j-k: rest angle theta0 (degrees), force constant ka, and whether the central atom is linear. */
    record Angles(int[] atoms, double[] theta0, double[] ka, boolean[] linear) {}

    /** Stretch-bends i-j-k: rest lengths of i-j and k-j, rest angle, and the two force constants. */
    record StretchBends(int[] atoms, double[] r0ij, double[] r0kj, double[] theta0, double[] kijk, double[] kkji) {}

    /** Out-of-plane bends i-j-k;l (j central, l the out-of-plane atom): force constant koop. */
    record OutOfPlanes(int[] atoms, double[] koop) {}

    /** Torsions i-j-k-l: V1, V2, V3. */
    record Torsions(int[] atoms, double[] v1, double[] v2, double[] v3) {}

    /**
     * Non-bonded pairs separated by three or more bonds: vdW minimum distance R*ij and well depth epsilon, and the
     * Coulomb prefactor 332.0716 qi qj (times 0.75 for 1-4 pairs).
     */
    record Pairs(int[] atoms, double[] rStar, double[] epsilon, double[] coulomb) {}
}
