/**
 * Sampling of a trained Boltzmann generator spread over a Spark cluster: the generator broadcast as bytes, draws in
 * chunks seeded by chunk index, and exact sums of importance weights that give the same estimates for any number of
 * partitions.
 */
package org.boltzflow.spark.sampling;
