/** mcmc. */
package org.boltzflow.mcmc;
