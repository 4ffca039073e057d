package org.boltzflow.boltzmann.topology;

import org.boltzflow.flows.io.InvalidInputException;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Reads SMILES strings through CDK, refusing empty strings and molecules above {@link #MAX_HEAVY_ATOMS} before CDK
 * sees them (its parser and 2D layout recurse and allocate per atom). Every failure is an
 * {@link InvalidInputException} naming the SMILES.
 */
public final class Smiles {
    /** The most heavy (non-hydrogen) atoms a SMILES may have: molecules here are small, drug-like ones. */
    public static final int MAX_HEAVY_ATOMS = 500;
    private static final int MAX_SHOWN = 40;

    private Smiles() {}

    /** The molecule of {@code smiles} (implicit hydrogens as CDK leaves them). */
    public static IAtomContainer parse(String smiles) {
        String source = describe(smiles);
        if (smiles == null || smiles.isBlank()) {
            throw new InvalidInputException(source, "empty SMILES: no atoms");
        }
        int heavy = countHeavyAtoms(smiles);
        if (heavy > MAX_HEAVY_ATOMS) {
            throw new InvalidInputException(source, heavy + " heavy atoms; the limit is " + MAX_HEAVY_ATOMS);
        }
        IAtomContainer molecule;
        try {
            molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles.strip());
        } catch (InvalidSmilesException e) {
            throw new InvalidInputException(source, 0, "invalid SMILES: " + e.getMessage().strip(), e);
        } catch (RuntimeException e) {
            throw new InvalidInputException(source, 0, "invalid SMILES: " + e, e);
        }
        if (molecule.getAtomCount() == 0) {
            throw new InvalidInputException(source, "SMILES without atoms");
        }
        return molecule;
    }

    /** {@code SMILES 'text'}, shortened for messages. */
    static String describe(String smiles) {
        String text = smiles == null ? "" : smiles;
        return "SMILES '" + (text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "...' (" + text.length()
                + " characters)" : text + "'");
    }

    /**
     * Heavy atoms written in a SMILES: bracket atoms and, outside brackets, organic-subset symbols (an upper-case
     * letter, or an aromatic b, c, n, o, p, s). Explicit hydrogens in brackets count too; that only errs high.
     */
    static int countHeavyAtoms(String smiles) {
        int count = 0;
        boolean inBracket = false;
        for (int i = 0; i < smiles.length(); i++) {
            char c = smiles.charAt(i);
            if (c == '[') {
                inBracket = true;
                count++;
            } else if (c == ']') {
                inBracket = false;
            } else if (!inBracket && (Character.isUpperCase(c) || "bcnops".indexOf(c) >= 0)) {
                count++;
            }
        }
        return count;
    }
}
