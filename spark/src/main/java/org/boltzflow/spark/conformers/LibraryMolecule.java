package org.boltzflow.spark.conformers;

import java.io.Serializable;

/**
 * One molecule of a library: its id (unique in the library), and either a SMILES or an SDF record (molfile text).
 */
public record LibraryMolecule(String id, String smiles, String molfile) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks that the id is given and exactly one of SMILES and molfile is. */
    public LibraryMolecule {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a molecule without an id");
        }
        if ((smiles == null) == (molfile == null)) {
            throw new IllegalArgumentException("molecule " + id + ": give a SMILES or a molfile, not both or neither");
        }
    }

    /** A molecule given by SMILES. */
    public static LibraryMolecule ofSmiles(String id, String smiles) {
        return new LibraryMolecule(id, smiles, null);
    }

    /** A molecule given as an SDF record. */
    public static LibraryMolecule ofMolfile(String id, String molfile) {
        return new LibraryMolecule(id, null, molfile);
    }
}
