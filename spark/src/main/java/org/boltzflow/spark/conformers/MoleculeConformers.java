package org.boltzflow.spark.conformers;

import java.io.Serializable;
import java.util.List;

/**
 * The conformer pipeline for one molecule, as the library job runs it on executors: a molecule in, its conformers
 * out, most populated first. A molecule the pipeline cannot handle throws an exception whose message says why; the
 * job records it as an error row.
 */
@FunctionalInterface
public interface MoleculeConformers extends Serializable {
    /** The conformers of {@code molecule}, searched with {@code seed}. */
    List<ConformerRow> conformers(LibraryMolecule molecule, long seed) throws Exception;
}
