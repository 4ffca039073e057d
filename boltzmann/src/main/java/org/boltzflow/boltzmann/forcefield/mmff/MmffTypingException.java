package org.boltzflow.boltzmann.forcefield.mmff;

import org.boltzflow.flows.io.InvalidInputException;

/** A molecule MMFF94 cannot describe: CDK could not type an atom, or hydrogens or bond orders are missing. */
public final class MmffTypingException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** An exception with the reason, naming the atoms concerned. */
    public MmffTypingException(String reason) {
        super(reason);
    }
}
