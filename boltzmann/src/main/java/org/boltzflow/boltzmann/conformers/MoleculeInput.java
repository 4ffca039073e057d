package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomContainerSet;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.CDKHydrogenAdder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * One molecule to search, prepared from a SMILES or an SDF record: a single fragment (the largest, unless fragments
 * are kept), explicit hydrogens, elements MMFF94 covers, and 3D coordinates when the record has them. Refusals are
 * {@link IllegalArgumentException}s with one line naming what is wrong (the SMILES position, the atom, the element).
 *
 * @param name a label (SDF title or the SMILES)
 * @param smiles isomeric SMILES of the prepared molecule (before hydrogens were made explicit)
 * @param molecule the CDK molecule with explicit hydrogens
 * @param has3d whether {@code molecule} carries 3D coordinates to start from
 * @param warnings what was changed on the way (e.g. fragments dropped)
 */
public record MoleculeInput(String name, String smiles, IAtomContainer molecule, boolean has3d,
        List<String> warnings) {
    /** Elements MMFF94 parameterizes for organic molecules. */
    private static final Set<String> ELEMENTS = Set.of("H", "C", "N", "O", "F", "Si", "P", "S", "Cl", "Br", "I");

    /** This input with a copy of its molecule, for a search that lays out and minimizes it in place. */
    public MoleculeInput copy() {
        try {
            return new MoleculeInput(name, smiles, molecule.clone(), has3d, warnings);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("CDK cannot copy molecule " + name, e);
        }
    }

    /** Parses a SMILES; {@code keepFragments} keeps every disconnected component instead of the largest. */
    public static MoleculeInput fromSmiles(String smiles, String name, boolean keepFragments) {
        IAtomContainer mol;
        try {
            mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        } catch (InvalidSmilesException e) {
            throw new IllegalArgumentException(smilesError(smiles, e.getMessage()));
        }
        return prepare(name == null || name.isBlank() ? smiles : name, mol, false, keepFragments);
    }

    /**
     * Prepares a molecule read from an SDF record. Its 3D coordinates are used when present with every hydrogen
     * explicit; otherwise it is rebuilt in 3D from its graph and stereochemistry.
     */
    public static MoleculeInput fromRecord(String name, IAtomContainer record, boolean keepFragments) {
        boolean explicitH = true;
        boolean coordinates = record.getAtomCount() > 0;
        for (IAtom atom : record.atoms()) {
            Integer h = atom.getImplicitHydrogenCount();
            explicitH &= h == null || h == 0;
            coordinates &= atom.getPoint3d() != null;
        }
        return prepare(name, record, coordinates && explicitH, keepFragments);
    }

    private static MoleculeInput prepare(String name, IAtomContainer parsed, boolean has3d, boolean keepFragments) {
        List<String> warnings = new ArrayList<>();
        IAtomContainer mol = parsed;
        if (!ConnectivityChecker.isConnected(parsed) && !keepFragments) {
            IAtomContainerSet parts = ConnectivityChecker.partitionIntoMolecules(parsed);
            List<IAtomContainer> fragments = new ArrayList<>();
            parts.atomContainers().forEach(fragments::add);
            fragments.sort(Comparator.comparingInt(MoleculeInput::heavyAtoms).reversed());
            mol = fragments.get(0);
            List<String> dropped = new ArrayList<>();
            for (IAtomContainer f : fragments.subList(1, fragments.size())) {
                dropped.add(isomericSmiles(f));
            }
            warnings.add("kept the largest of " + fragments.size() + " fragments (" + heavyAtoms(mol)
                    + " heavy atoms); dropped " + String.join(", ", dropped) + " (--keep-fragments keeps all)");
        }
        checkElements(mol);
        try {
            if (!has3d) {
                AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
                CDKHydrogenAdder.getInstance(mol.getBuilder()).addImplicitHydrogens(mol);
            }
        } catch (CDKException e) {
            throw new IllegalArgumentException("cannot configure atoms of " + name + ": " + e.getMessage());
        }
        String smiles = isomericSmiles(mol);
        if (!has3d) {
            AtomContainerManipulator.convertImplicitToExplicitHydrogens(mol);
        }
        mol.setTitle(name);
        return new MoleculeInput(name, smiles, mol, has3d, List.copyOf(warnings));
    }

    /** Refuses elements outside MMFF94, naming each with its first atom (one-based). */
    private static void checkElements(IAtomContainer mol) {
        Set<String> bad = new TreeSet<>();
        for (IAtom atom : mol.atoms()) {
            if (!ELEMENTS.contains(atom.getSymbol())) {
                bad.add(atom.getSymbol() + " (atom " + (atom.getIndex() + 1) + ")");
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("unsupported element" + (bad.size() > 1 ? "s " : " ")
                    + String.join(", ", bad) + ": MMFF94 covers " + String.join(" ", new TreeSet<>(ELEMENTS)));
        }
    }

    /** CDK's multi-line SMILES error (message, the SMILES, a caret under the position) as one line. */
    static String smilesError(String smiles, String message) {
        String[] lines = message == null ? new String[0] : message.split("\n");
        String reason = lines.length == 0 ? "cannot parse"
                : lines[0].replaceFirst("^could not parse '.*', ", "").replaceFirst("[:\\s]+$", "");
        int caret = lines.length >= 3 ? lines[2].indexOf('^') : -1;
        return "invalid SMILES '" + smiles + "'" + (caret >= 0 ? " at position " + (caret + 1) : "") + ": " + reason;
    }

    private static int heavyAtoms(IAtomContainer mol) {
        int n = 0;
        for (IAtom atom : mol.atoms()) {
            n += "H".equals(atom.getSymbol()) ? 0 : 1;
        }
        return n;
    }

    private static String isomericSmiles(IAtomContainer mol) {
        try {
            return new SmilesGenerator(SmiFlavor.Isomeric).create(mol);
        } catch (CDKException e) {
            return "?";
        }
    }
}
