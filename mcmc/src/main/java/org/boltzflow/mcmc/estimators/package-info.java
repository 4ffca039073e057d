/**
 * Estimators on weighted samples, each returning a value with an error bar ({@link
 * org.boltzflow.mcmc.estimators.Estimate}): importance weights, ESS, log Z, expectations, free-energy differences
 * between regions and (by BAR and MBAR) between targets, bootstrap error bars, explicit weight truncation, and the
 * statistical inefficiency and equilibration of correlated samples. They work on plain {@code double[]} so they
 * stay cheap on 1e5 samples.
 */
package org.boltzflow.mcmc.estimators;
