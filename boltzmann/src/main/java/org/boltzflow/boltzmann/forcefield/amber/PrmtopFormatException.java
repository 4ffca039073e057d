package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.flows.io.InvalidInputException;

/** A prmtop file that cannot be read: the message names the file, the {@code %FLAG} section and the line. */
public final class PrmtopFormatException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    PrmtopFormatException(String message) {
        super(message);
    }
}
