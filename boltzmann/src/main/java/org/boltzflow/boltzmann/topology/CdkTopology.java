package org.boltzflow.boltzmann.topology;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.config.Isotopes;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Converts a CDK molecule into a {@link Topology}: one atom per CDK atom (name = symbol + one-based index, natural
 * mass, residue {@code MOL} 0) and its bonds. Hydrogens must be explicit atoms: a molecule with implicit hydrogens
 * is rejected (call {@code AtomContainerManipulator.convertImplicitToExplicitHydrogens} first, or use
 * {@link #fromSmiles}).
 */
public final class CdkTopology {
    private CdkTopology() {}

    /** The topology of {@code molecule}, atoms in CDK order. */
    public static Topology of(IAtomContainer molecule) {
        List<Atom> atoms = new ArrayList<>();
        for (IAtom atom : molecule.atoms()) {
            String symbol = atom.getSymbol();
            Integer implicit = atom.getImplicitHydrogenCount();
            if (implicit != null && implicit > 0) {
                throw new IllegalArgumentException("atom " + (atom.getIndex() + 1) + " (" + symbol + ") has " + implicit
                        + " implicit hydrogen(s): make hydrogens explicit before building a topology");
            }
            atoms.add(new Atom(symbol + (atom.getIndex() + 1), symbol, naturalMass(symbol), "MOL", 0));
        }
        List<int[]> bonds = new ArrayList<>();
        for (IBond bond : molecule.bonds()) {
            bonds.add(new int[] {bond.getBegin().getIndex(), bond.getEnd().getIndex()});
        }
        return new Topology(atoms, bonds);
    }

    /** The topology of a SMILES string with all hydrogens made explicit (appended after the heavy atoms). */
    public static Topology fromSmiles(String smiles) {
        IAtomContainer molecule = Smiles.parse(smiles);
        AtomContainerManipulator.convertImplicitToExplicitHydrogens(molecule);
        return of(molecule);
    }

    private static double naturalMass(String symbol) {
        try {
            return Isotopes.getInstance().getNaturalMass(org.openscience.cdk.config.Elements.ofString(symbol)
                    .number());
        } catch (IOException e) {
            throw new IllegalStateException("CDK's isotope table could not be read", e);
        }
    }
}
