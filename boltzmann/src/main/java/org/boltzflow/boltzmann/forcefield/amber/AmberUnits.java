package org.boltzflow.boltzmann.forcefield.amber;

/** Conversions from AMBER's units (Å, kcal/mol) to OpenMM's (nm, kJ/mol), and OpenMM 7.7's Coulomb constant. */
final class AmberUnits {
    /** kJ per kcal. */
    static final double KJ_PER_KCAL = 4.184;
    /** nm per Å. */
    static final double NM_PER_ANGSTROM = 0.1;
    /** 1/(4π ε0) in kJ·nm/(mol·e²), the value OpenMM 7.7's NonbondedForce and GBSAOBCForce use. */
    static final double ONE_4PI_EPS0 = 138.93545764438198;

    private AmberUnits() {}
}
