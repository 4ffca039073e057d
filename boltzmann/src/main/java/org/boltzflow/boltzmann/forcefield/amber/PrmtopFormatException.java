package org.boltzflow.boltzmann.forcefield.amber;

/** A prmtop file that cannot be read: the message names the file, the {@code %FLAG} section and the line. */
public final class PrmtopFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    PrmtopFormatException(String message) {
        super(message);
    }
}
