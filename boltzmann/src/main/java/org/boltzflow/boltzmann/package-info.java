/** boltzmann. */
package org.boltzflow.boltzmann;
