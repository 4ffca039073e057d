/**
 * Internal coordinates of molecules as flow layers: {@link org.boltzflow.boltzmann.coordinates.ZMatrix} (built from a
 * bond graph by {@link org.boltzflow.boltzmann.coordinates.ZMatrixBuilder}),
 * {@link org.boltzflow.boltzmann.coordinates.InternalCoordinateTransform} (bonds, angles, dihedrals) and
 * {@link org.boltzflow.boltzmann.coordinates.MixedCoordinateTransform} (whitened Cartesian + internal).
 */
package org.boltzflow.boltzmann.coordinates;
