/**
 * Collective variables and the free energies along them: {@link org.boltzflow.boltzmann.cv.CollectiveVariable}
 * (dihedral, bond angle, distance, RMSD, any function), named {@link org.boltzflow.boltzmann.cv.State}s as boxes in
 * CV space, their definitions from command-line texts or JSON ({@link org.boltzflow.boltzmann.cv.CvDefinition}), and
 * {@link org.boltzflow.boltzmann.cv.WeightedEnsemble}: state populations, ΔF and free-energy surfaces with bootstrap
 * error bars from any weighted samples (flow, AIS, MD).
 */
package org.boltzflow.boltzmann.cv;
