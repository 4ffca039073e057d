package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.EnergyTerm;
import org.boltzflow.boltzmann.energy.Units;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The MMFF94 (not MMFF94s) potential energy of one molecule, typed and charged by CDK (with the bond-class fix of
 * {@link MmffChargeCorrection}) and parameterized from the MMFF94 tables. Its terms are {@code bond} (stretch),
 * {@code angle} (bend), {@code stretch_bend}, {@code oop} (out-of-plane), {@code torsion}, {@code vdw} (buffered 14-7)
 * and {@code electrostatic} (buffered Coulomb, dielectric 1, no cutoff, 1-4 scaled by 0.75). The public interface is
 * in nm and kJ/mol; the terms are evaluated in MMFF's own Angstrom and kcal/mol. Immutable and thread-safe.
 */
public final class MmffForceField implements EnergyModel {
    private final MmffMolecule molecule;
    private final MmffBonds bonds;
    private final List<MmffTerm> valence;
    private final MmffPairs pairs;
    private final List<MmffPairTerm> pairTerms; // over the same pairs
    private final List<EnergyTerm> terms;

    private MmffForceField(MmffMolecule molecule, MmffParameters parameters) {
        this.molecule = molecule;
        MmffParameterization p = new MmffParameterization(molecule, parameters);
        bonds = p.bonds();
        valence = List.of(bonds, p.angles(), p.stretchBends(), p.outOfPlanes(), p.torsions());
        pairTerms = p.nonbonded();
        pairs = pairTerms.get(0).pairs();
        List<EnergyTerm> all = new ArrayList<>(valence);
        all.addAll(pairTerms);
        terms = List.copyOf(all);
    }

    /**
     * The MMFF94 force field of a CDK molecule with explicit hydrogens (coordinates are not needed here).
     *
     * @throws MmffTypingException if CDK cannot type it, naming the atoms and the reason
     */
    public static MmffForceField of(IAtomContainer molecule) {
        MmffParameters parameters = MmffParameters.standard();
        MmffMolecule typed = MmffChargeCorrection.apply(MmffTyping.type(molecule), parameters);
        return new MmffForceField(typed, parameters);
    }

    @Override
    public int atomCount() {
        return molecule.atomCount();
    }

    @Override
    public List<EnergyTerm> terms() {
        return terms;
    }

    @Override
    public double energyAndForces(double[] xyz, double[] forces) {
        checkLength(xyz, "coordinates");
        checkLength(forces, "forces");
        double[] grad = new double[xyz.length];
        double energy = evaluate(MmffTerm.toAngstrom(xyz), grad);
        java.util.Arrays.fill(forces, 0.0);
        MmffTerm.addForces(grad, forces);
        return energy * Units.KJ_PER_KCAL;
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
        double[] r0 = bonds.restLengths();
        for (int b = 0; b < r0.length; b++) {
            r0[b] /= Units.ANGSTROM_PER_NM;
        }
        return r0;
    }

    /**
     * MMFF's own units: the total energy (kcal/mol) at {@code x} (Angstrom), adding dE/dx (kcal/mol/Angstrom) into
     * {@code grad}, the terms summed in their order (the pair terms over one measurement of the pairs). Non-finite coordinates or atoms on top of each other give a
     * non-finite energy, returned as it is for the caller to detect (as {@code EnergyTarget}, the minimizer and the
     * energy command do), like every {@code EnergyModel} here.
     */
    double evaluate(double[] x, double[] grad) {
        checkLength(x, "coordinates");
        double total = 0;
        for (MmffTerm term : valence) {
            total += term.addEnergyAndGradient(x, grad);
        }
        MmffPairs.Measured measured = pairs.measure(x);
        for (MmffPairTerm term : pairTerms) {
            total += term.addEnergyAndDerivatives(measured);
        }
        measured.addGradient(grad);
        return total;
    }

    private void checkLength(double[] array, String what) {
        if (array.length != 3 * atomCount()) {
            throw new IllegalArgumentException(what + " have length " + array.length + ", expected 3 x "
                    + atomCount() + " atoms");
        }
    }
}
