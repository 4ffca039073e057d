package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * The rotatable bonds of a molecule, each as the dihedral that measures it: a single bond outside rings between
 * two atoms that each have another heavy neighbour, excluding bonds next to a triple bond (linear) and amide C-N
 * bonds. The dihedral runs from the lowest-numbered other heavy neighbour of each end.
 */
public final class RotatableBonds {
    private RotatableBonds() {}

    /** One dihedral per rotatable bond, named by the bond's atoms (element and one-based index). */
    public static List<Dihedral> of(IAtomContainer molecule) {
        Cycles.markRingAtomsAndBonds(molecule);
        List<Dihedral> torsions = new ArrayList<>();
        for (IBond bond : molecule.bonds()) {
            IAtom b = bond.getBegin();
            IAtom c = bond.getEnd();
            if (bond.getOrder() != IBond.Order.SINGLE || bond.isInRing() || linear(b) || linear(c) || amide(b, c)
                    || amide(c, b)) {
                continue;
            }
            int a = otherHeavy(molecule, b, c);
            int d = otherHeavy(molecule, c, b);
            if (a >= 0 && d >= 0) {
                torsions.add(new Dihedral(label(b) + "-" + label(c), a, b.getIndex(), c.getIndex(), d));
            }
        }
        return torsions;
    }

    /** One dihedral per ring bond (through a heavy neighbour of each end), for telling ring puckers apart. */
    public static List<Dihedral> ringTorsions(IAtomContainer molecule) {
        Cycles.markRingAtomsAndBonds(molecule);
        List<Dihedral> torsions = new ArrayList<>();
        for (IBond bond : molecule.bonds()) {
            IAtom b = bond.getBegin();
            IAtom c = bond.getEnd();
            int a = otherHeavy(molecule, b, c);
            int d = otherHeavy(molecule, c, b);
            if (bond.isInRing() && a >= 0 && d >= 0 && a != d) {
                torsions.add(new Dihedral(label(b) + "-" + label(c), a, b.getIndex(), c.getIndex(), d));
            }
        }
        return torsions;
    }

    private static String label(IAtom atom) {
        return atom.getSymbol() + (atom.getIndex() + 1);
    }

    /** The lowest-indexed heavy neighbour of {@code atom} other than {@code except}, or -1. */
    private static int otherHeavy(IAtomContainer molecule, IAtom atom, IAtom except) {
        int best = -1;
        for (IAtom n : molecule.getConnectedAtomsList(atom)) {
            if (!n.equals(except) && !"H".equals(n.getSymbol()) && (best < 0 || n.getIndex() < best)) {
                best = n.getIndex();
            }
        }
        return best;
    }

    private static boolean linear(IAtom atom) {
        for (IBond bond : atom.bonds()) {
            if (bond.getOrder() == IBond.Order.TRIPLE) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code carbon} is a carbonyl carbon and {@code nitrogen} a nitrogen: an amide bond. */
    private static boolean amide(IAtom carbon, IAtom nitrogen) {
        if (!"C".equals(carbon.getSymbol()) || !"N".equals(nitrogen.getSymbol())) {
            return false;
        }
        for (IBond bond : carbon.bonds()) {
            IAtom other = bond.getOther(carbon);
            if (bond.getOrder() == IBond.Order.DOUBLE && ("O".equals(other.getSymbol())
                    || "S".equals(other.getSymbol()))) {
                return true;
            }
        }
        return false;
    }
}
