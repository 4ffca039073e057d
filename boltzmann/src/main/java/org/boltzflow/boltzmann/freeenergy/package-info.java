/**
 * Free-energy differences between thermodynamic states beyond plain reweighting:
 * {@link org.boltzflow.boltzmann.freeenergy.MappedFep}, free-energy perturbation through a learned bijection
 * (targeted FEP) with BAR on the generalized works.
 */
package org.boltzflow.boltzmann.freeenergy;
