package org.boltzflow.boltzmann.io;

/**
 * One {@code ATOM}/{@code HETATM} record of a PDB file: serial number, atom name, residue name and number, chain,
 * element symbol (empty if the columns are blank) and the one-based line it was read from.
 */
public record PdbAtom(int serial, String name, String residueName, int residueNumber, String chain, String element,
        int line) {}
