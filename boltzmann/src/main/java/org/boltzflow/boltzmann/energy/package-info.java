/**
 * Energies of molecular systems: the {@link org.boltzflow.boltzmann.energy.EnergyModel} contract, batched
 * evaluation, the {@link org.boltzflow.boltzmann.energy.ThermodynamicState} that owns kT and reduced energies, the
 * Boltzmann density as a differentiable flow target, units and minimization.
 */
package org.boltzflow.boltzmann.energy;
