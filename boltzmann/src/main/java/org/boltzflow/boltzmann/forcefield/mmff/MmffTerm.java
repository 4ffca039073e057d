package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.boltzmann.energy.EnergyTerm;
import org.boltzflow.boltzmann.energy.Units;

/**
 * One MMFF94 energy term over its list of interactions. As an {@link EnergyTerm} it takes nm and returns kJ/mol and
 * forces; it is evaluated in MMFF's own units (coordinates in Angstrom, energies in kcal/mol, gradients dE/dx in
 * kcal/mol/Angstrom), which {@link MmffForceField} uses directly so that all terms share one conversion. Atom indices
 * are flattened: interaction {@code t} of an n-body term uses {@code atoms[n*t .. n*t+n-1]}.
 */
abstract class MmffTerm implements EnergyTerm {
    /** 143.9325 kcal/mol per md Angstrom: converts md/Angstrom force constants to kcal/mol/Angstrom^2. */
    static final double MDYNE = 143.9325;
    /** Degrees per radian: MMFF's angles enter its energies in degrees. */
    static final double DEG = 180.0 / Math.PI;
    /** The angle-bend constant 143.9325 / (180/pi)^2 for force constants in md Angstrom/rad^2 and angles in degrees. */
    static final double ANGLE_C2 = MDYNE / (DEG * DEG);

    private final String name;

    MmffTerm(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Returns this term's energy (kcal/mol) at {@code x} (Angstrom) and ADDS dE/dx (kcal/mol/Angstrom) to grad. */
    abstract double addEnergyAndGradient(double[] x, double[] grad);

    @Override
    public final double addEnergyAndForces(double[] xyz, double[] forces) {
        double[] grad = new double[xyz.length];
        double energy = addEnergyAndGradient(toAngstrom(xyz), grad);
        addForces(grad, forces);
        return energy * Units.KJ_PER_KCAL;
    }

    /** Coordinates in nm as MMFF's Angstrom. */
    static double[] toAngstrom(double[] xyz) {
        double[] x = new double[xyz.length];
        for (int c = 0; c < x.length; c++) {
            x[c] = xyz[c] * Units.ANGSTROM_PER_NM;
        }
        return x;
    }

    /** Adds the forces (kJ/mol/nm) of a gradient in kcal/mol/Angstrom. */
    static void addForces(double[] grad, double[] forces) {
        for (int c = 0; c < grad.length; c++) {
            forces[c] -= grad[c] * Units.KJ_PER_KCAL * Units.ANGSTROM_PER_NM;
        }
    }
}
