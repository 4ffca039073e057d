package org.boltzflow.boltzmann.energy;

/**
 * Units and physical constants, in one place. boltzflow works in OpenMM's units (nm, ps, kJ/mol, K, amu, elementary
 * charge); the conversions below read files and force fields given in Angstrom and kcal/mol (AMBER, MMFF94, PDB, DCD).
 */
public final class Units {
    /** Boltzmann's constant times Avogadro's number, in kJ/mol/K. */
    public static final double MOLAR_GAS_CONSTANT = 0.0083144626;
    /** kJ per kcal (thermochemical calorie). */
    public static final double KJ_PER_KCAL = 4.184;
    /** nm per Angstrom. */
    public static final double NM_PER_ANGSTROM = 0.1;
    /** Angstrom per nm. */
    public static final double ANGSTROM_PER_NM = 10.0;
    /** 1/(4π ε0) in kJ·nm/(mol·e²), the value OpenMM 7.7's NonbondedForce and GBSAOBCForce use. */
    public static final double ONE_4PI_EPS0 = 138.93545764438198;

    private Units() {}

    /** kT in kJ/mol at {@code temperature} kelvin. */
    public static double kT(double temperature) {
        return MOLAR_GAS_CONSTANT * temperature;
    }
}
