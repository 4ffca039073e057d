/**
 * The boltzflow jobs for Apache Spark and their command line ({@code boltzflow-spark}, or {@code spark-submit} of
 * the {@code boltzflow-spark.jar}): conformer libraries and distributed sampling of trained generators.
 */
package org.boltzflow.spark;
