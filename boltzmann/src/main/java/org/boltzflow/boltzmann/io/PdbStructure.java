package org.boltzflow.boltzmann.io;

import java.util.List;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * What a (multi-model) PDB file holds: the atom records of its first model, the bonds of its {@code CONECT}
 * records (zero-based atom indices, each once, lower index first) and the coordinates of every model.
 */
public record PdbStructure(String source, List<PdbAtom> atoms, List<int[]> bonds, Trajectory trajectory) {
    /** Copies the lists. */
    public PdbStructure {
        atoms = List.copyOf(atoms);
        bonds = List.copyOf(bonds);
    }

    /**
     * Throws unless this file's atoms are the topology's atoms in the same order: same count, and each atom name
     * equal (PDB v2 and v3 hydrogen names both accepted). The message names the first mismatching atom, its
     * residue and the line of the file.
     */
    public void requireMatches(Topology topology) {
        if (atoms.size() != topology.atomCount()) {
            throw new InvalidInputException(source, "" + atoms.size() + " atoms, but the topology has "
                    + topology.atomCount());
        }
        for (int i = 0; i < atoms.size(); i++) {
            PdbAtom found = atoms.get(i);
            Atom expected = topology.atoms().get(i);
            if (!AtomNames.same(found.name(), expected.name())) {
                throw new InvalidInputException(source, found.line(), "atom " + (i + 1) + " is "
                        + found.name().trim() + " of " + found.residueName() + " " + found.residueNumber()
                        + ", but the topology's atom " + (i + 1) + " is " + expected.name() + " of "
                        + expected.residueName() + " " + (expected.residueIndex() + 1) + " (order differs)");
            }
        }
    }
}
