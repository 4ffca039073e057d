/**
 * The conformer-library job on Spark: libraries read from SMILES, SDF, CSV or Parquet, each molecule through the
 * conformer pipeline with a seed from its id, and one Parquet table of conformers and error rows.
 */
package org.boltzflow.spark.conformers;
