/**
 * Conformer ensembles of small molecules: from a SMILES or SDF record to Boltzmann-weighted MMFF94 conformers with
 * populations, bootstrap errors and free energies. {@link org.boltzflow.boltzmann.conformers.ConformerSearch} is the
 * entry point; one call per molecule, deterministic for a seed.
 */
package org.boltzflow.boltzmann.conformers;
