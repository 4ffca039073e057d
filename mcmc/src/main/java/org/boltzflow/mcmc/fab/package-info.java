/**
 * Flow Annealed importance sampling Bootstrap (FAB, Midgley et al. 2023): the alpha=2 divergence loss estimated
 * with AIS targeting {@code p²/q}, with or without a prioritized replay buffer, as training objectives for the
 * flows-core {@link org.boltzflow.flows.training.Trainer}.
 */
package org.boltzflow.mcmc.fab;
