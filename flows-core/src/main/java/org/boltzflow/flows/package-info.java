/** Distributions, flow layers and the NormalizingFlow model. */
package org.boltzflow.flows;
