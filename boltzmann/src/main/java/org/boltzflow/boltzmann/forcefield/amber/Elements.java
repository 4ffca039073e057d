package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Element symbols of the elements found in biomolecular prmtop files, by atomic number or, when a file has no
 * {@code ATOMIC_NUMBER} section, by the nearest standard atomic mass.
 */
final class Elements {
    private static final String[] SYMBOLS = {"", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg",
        "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga",
        "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In",
        "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba"};
    private static final double[] MASSES = {0, 1.008, 4.0026, 6.94, 9.0122, 10.81, 12.011, 14.007, 15.999, 18.998,
        20.180, 22.990, 24.305, 26.982, 28.085, 30.974, 32.06, 35.45, 39.948, 39.098, 40.078, 44.956, 47.867, 50.942,
        51.996, 54.938, 55.845, 58.933, 58.693, 63.546, 65.38, 69.723, 72.630, 74.922, 78.971, 79.904, 83.798, 85.468,
        87.62, 88.906, 91.224, 92.906, 95.95, 98.0, 101.07, 102.91, 106.42, 107.87, 112.41, 114.82, 118.71, 121.76,
        127.60, 126.90, 131.29, 132.91, 137.33};

    private Elements() {}

    /** The symbol of an atomic number, or null when it is outside the table. */
    static String byAtomicNumber(int z) {
        return z >= 1 && z < SYMBOLS.length ? SYMBOLS[z] : null;
    }

    /**
     * The symbol of the element whose standard mass is nearest (within 1 amu), or null; masses from 0.5 to 3.5 amu
     * are hydrogen (also when hydrogen mass repartitioning made them heavier).
     */
    static String byMass(double mass) {
        if (mass >= 0.5 && mass <= 3.5) {
            return "H";
        }
        int best = 0;
        for (int z = 1; z < MASSES.length; z++) {
            if (Math.abs(MASSES[z] - mass) < Math.abs(MASSES[best] - mass)) {
                best = z;
            }
        }
        return best > 0 && Math.abs(MASSES[best] - mass) < 1.0 ? SYMBOLS[best] : null;
    }
}
