/**
 * Exact corrections on top of a normalizing flow, for any {@link org.boltzflow.flows.Target}: MCMC kernels
 * (random-walk Metropolis, HMC, MALA) along a geometric path, the stochastic flow layers built from them, and
 * annealed importance sampling and sequential Monte Carlo (AIS with resampling, fixed or adaptive levels). FAB
 * training lives in {@code fab}, weighted-sample estimators in {@code estimators}.
 */
package org.boltzflow.mcmc;
