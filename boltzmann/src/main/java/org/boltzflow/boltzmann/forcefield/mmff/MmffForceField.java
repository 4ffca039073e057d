package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.List;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.Units;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The MMFF94 (not MMFF94s) potential energy of one molecule, typed and charged by CDK (with the bond-class fix of
 * {@link MmffChargeCorrection}) and parameterized from the MMFF94 tables: bond stretch, angle bend, stretch-bend, out-of-plane, torsion, buffered 14-7 van der Waals and
 * buffered Coulomb (dielectric 1, no cutoff, 1-4 scaled by 0.75). The public interface is in nm and kJ/mol; the
 * terms are evaluated in MMFF's own Angstrom and kcal/mol. Immutable and thread-safe.
 */
public final class MmffForceField implements EnergyModel {
    private static final List<String> TERMS =
            List.of("bond", "angle", "stretch_bend", "oop", "torsion", "vdw", "electrostatic");

    private final MmffMolecule molecule;
    private final MmffTerms terms;

    private MmffForceField(MmffMolecule molecule, MmffTerms terms) {
        this.molecule = molecule;
        this.terms = terms;
    }

    /**
     * The MMFF94 force field of a CDK molecule with explicit hydrogens (coordinates are not needed here).
     *
     * @throws MmffTypingException if CDK cannot type it, naming the atoms and the reason
     */
    public static MmffForceField of(IAtomContainer molecule) {
        MmffParameters parameters = MmffParameters.standard();
        MmffMolecule typed = MmffChargeCorrection.apply(MmffTyping.type(molecule), parameters);
        return new MmffForceField(typed, MmffParameterization.build(typed, parameters));
    }

    @Override
    public int atomCount() {
        return molecule.atomCount();
    }

    @Override
    public List<String> termNames() {
        return TERMS;
    }

    @Override
    public double energyAndForces(double[] xyz, double[] forces) {
        checkLength(forces, "forces");
        double[] grad = new double[xyz.length];
        double energy = evaluate(toAngstrom(xyz), grad, new double[TERMS.size()]);
        for (int c = 0; c < grad.length; c++) {
            forces[c] = -grad[c] * Units.KJ_PER_KCAL * Units.ANGSTROM_PER_NM;
        }
        return energy * Units.KJ_PER_KCAL;
    }

    @Override
    public double[] termEnergies(double[] xyz) {
        double[] perTerm = new double[TERMS.size()];
        evaluate(toAngstrom(xyz), new double[xyz.length], perTerm);
        for (int t = 0; t < perTerm.length; t++) {
            perTerm[t] *= Units.KJ_PER_KCAL;
        }
        return perTerm;
    }

    /** The numeric MMFF94 type of each atom, as CDK assigned it. */
    public int[] atomTypes() {
        return molecule.types().clone();
    }

    /** The MMFF94 partial charge of each atom (e), as CDK assigned it. */
    public double[] partialCharges() {
        return molecule.charges().clone();
    }

    /** The bonded atom pairs, in the molecule's bond order. */
    public int[][] bonds() {
        return molecule.bonds().clone();
    }

    /** The MMFF94 rest length of each bond of {@link #bonds()}, in nm. */
    public double[] bondRestLengths() {
        double[] r0 = terms.bonds().r0().clone();
        for (int b = 0; b < r0.length; b++) {
            r0[b] /= Units.ANGSTROM_PER_NM;
        }
        return r0;
    }

    /**
     * MMFF's own units: the total energy (kcal/mol) at {@code x} (Angstrom), adding dE/dx (kcal/mol/Angstrom) into
     * {@code grad} and the seven term energies into {@code perTerm}. Non-finite coordinates or atoms on top of each
     * other give a non-finite energy, returned as it is for the caller to detect (as {@code EnergyTarget}, the
     * minimizer and the energy command do), like every {@code EnergyModel} here.
     */
    double evaluate(double[] x, double[] grad, double[] perTerm) {
        checkLength(x, "coordinates");
        perTerm[0] = MmffKernels.bonds(terms.bonds(), x, grad);
        perTerm[1] = MmffKernels.angles(terms.angles(), x, grad);
        perTerm[2] = MmffKernels.stretchBends(terms.stretchBends(), x, grad);
        perTerm[3] = MmffKernels.outOfPlanes(terms.outOfPlanes(), x, grad);
        perTerm[4] = MmffKernels.torsions(terms.torsions(), x, grad);
        double[] nonbonded = MmffKernels.nonbonded(terms.pairs(), x, grad);
        perTerm[5] = nonbonded[0];
        perTerm[6] = nonbonded[1];
        double total = 0;
        for (double e : perTerm) {
            total += e;
        }
        return total;
    }

    private double[] toAngstrom(double[] xyz) {
        checkLength(xyz, "coordinates");
        double[] x = new double[xyz.length];
        for (int c = 0; c < x.length; c++) {
            x[c] = xyz[c] * Units.ANGSTROM_PER_NM;
        }
        return x;
    }

    private void checkLength(double[] array, String what) {
        if (array.length != 3 * atomCount()) {
            throw new IllegalArgumentException(what + " have length " + array.length + ", expected 3 x "
                    + atomCount() + " atoms");
        }
    }
}
