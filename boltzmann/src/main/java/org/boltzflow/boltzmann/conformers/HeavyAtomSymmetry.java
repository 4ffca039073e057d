package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.coordinates.Superposition;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.isomorphism.AtomMatcher;
import org.openscience.cdk.isomorphism.BondMatcher;
import org.openscience.cdk.isomorphism.VentoFoggia;
import org.openscience.cdk.silent.AtomContainer;

/**
 * The heavy atoms of a molecule and the automorphisms of their graph (same element, same bond order or both
 * aromatic), for a heavy-atom RMSD that does not tell symmetry-equivalent atoms apart: the smallest Kabsch RMSD over
 * every automorphism (at most {@link #LIMIT} of them).
 */
public final class HeavyAtomSymmetry {
    /** The most automorphisms enumerated. */
    public static final int LIMIT = 512;

    private final int[] heavy;
    private final int[][] automorphisms;

    private HeavyAtomSymmetry(int[] heavy, int[][] automorphisms) {
        this.heavy = heavy;
        this.automorphisms = automorphisms;
    }

    /** The heavy-atom automorphisms of {@code molecule} (explicit hydrogens are left out). */
    public static HeavyAtomSymmetry of(IAtomContainer molecule) {
        List<Integer> heavyList = new ArrayList<>();
        IAtomContainer graph = new AtomContainer();
        IAtom[] copies = new IAtom[molecule.getAtomCount()];
        for (IAtom atom : molecule.atoms()) {
            if (!"H".equals(atom.getSymbol())) {
                IAtom copy = graph.newAtom(atom.getAtomicNumber());
                int hydrogens = atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
                for (IAtom n : molecule.getConnectedAtomsList(atom)) {
                    hydrogens += "H".equals(n.getSymbol()) ? 1 : 0;
                }
                copy.setImplicitHydrogenCount(hydrogens);
                copy.setFormalCharge(atom.getFormalCharge());
                copies[atom.getIndex()] = copy;
                heavyList.add(atom.getIndex());
            }
        }
        for (IBond bond : molecule.bonds()) {
            IAtom a = copies[bond.getBegin().getIndex()];
            IAtom b = copies[bond.getEnd().getIndex()];
            if (a != null && b != null) {
                graph.newBond(a, b, bond.getOrder());
            }
        }
        try {
            new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.relevant())).apply(graph);
        } catch (CDKException e) {
            // no aromaticity: bond orders are compared as they are
        }
        List<int[]> maps = new ArrayList<>();
        for (int[] map : VentoFoggia.findIdentical(graph, AtomMatcher.forElement(), BondMatcher.forOrder())
                .matchAll(graph).limit(LIMIT)) {
            maps.add(map.clone());
        }
        return new HeavyAtomSymmetry(heavyList.stream().mapToInt(Integer::intValue).toArray(),
                maps.toArray(int[][]::new));
    }

    /** The number of automorphisms (1 for an asymmetric graph). */
    public int automorphismCount() {
        return automorphisms.length;
    }

    /** The heavy atoms' indices in the molecule. */
    public int[] heavyAtoms() {
        return heavy.clone();
    }

    /** The smallest heavy-atom RMSD (in the coordinates' unit) of {@code a} and {@code b} over the automorphisms. */
    public double rmsd(double[] a, double[] b) {
        double[] first = select(a, null);
        double best = Double.POSITIVE_INFINITY;
        for (int[] map : automorphisms) {
            best = Math.min(best, Superposition.rmsd(first, select(b, map)));
        }
        return best;
    }

    /** The heavy atoms of {@code xyz}, the i-th taken from heavy atom {@code map[i]} (identity if null). */
    private double[] select(double[] xyz, int[] map) {
        double[] out = new double[3 * heavy.length];
        for (int i = 0; i < heavy.length; i++) {
            System.arraycopy(xyz, 3 * heavy[map == null ? i : map[i]], out, 3 * i, 3);
        }
        return out;
    }
}
