package org.boltzflow.boltzmann.energy;

/** Physical constants in OpenMM units (nm, ps, kJ/mol, K, amu). */
public final class Units {
    /** Boltzmann's constant times Avogadro's number, in kJ/mol/K. */
    public static final double MOLAR_GAS_CONSTANT = 0.0083144626;

    private Units() {}

    /** kT in kJ/mol at {@code temperature} kelvin. */
    public static double kT(double temperature) {
        return MOLAR_GAS_CONSTANT * temperature;
    }
}
