/**
 * The Boltzmann-generator pipeline for any molecular system: {@link
 * org.boltzflow.boltzmann.generator.BoltzmannGenerator} builds a flow on a coordinate layer chosen from the topology,
 * trains it through phases (forward KL on reference frames, forward KL on its own importance-weighted draws, reverse
 * KL or alpha-divergence against the energy, FAB), samples it with importance weights and optionally refines it by
 * AIS. Reference frames come from {@link org.boltzflow.boltzmann.generator.ReferenceMd} or any trajectory. With a
 * {@link org.boltzflow.boltzmann.generator.TemperatureContext} one generator covers a temperature range, sampled and
 * weighed at any temperature in it.
 */
package org.boltzflow.boltzmann.generator;
