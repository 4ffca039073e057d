package org.boltzflow.spark;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.boltzflow.spark.conformers.ConformerLibrary;
import org.boltzflow.spark.conformers.ConformerSearchPipeline;
import org.boltzflow.spark.conformers.LibraryInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code boltzflow-spark conformers}: the conformer-library job (see {@link ConformerLibrary}). */
@Command(name = "conformers", mixinStandardHelpOptions = true,
        description = "Conformer ensembles for a library of molecules, into a Parquet table (OUT/conformers.parquet).")
final class ConformersJobCommand implements Callable<Integer> {
    @Mixin
    SparkCommand.SparkOptions spark;

    @Option(names = "--input", required = true,
            description = "The library: .smi/.smiles/.txt (SMILES [id] per line), .sdf, .csv or .parquet (id and SMILES columns).")
    String input;

    @Option(names = "--out", required = true, description = "Output folder (local path or any Hadoop URI); a rerun skips the molecules it holds.")
    String out;

    @Option(names = "--sdf-dir", description = "Also write one SDF per molecule into this folder.")
    String sdfDir;

    @Option(names = "--id-column", defaultValue = "id", description = "Id column of a CSV/Parquet library (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--smiles-column", defaultValue = "smiles", description = "SMILES column of a CSV/Parquet library (default: ${DEFAULT-VALUE}).")
    String smilesColumn;

    @Option(names = "--preset", defaultValue = "default", description = "tiny, fast, default or thorough (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--temperature", defaultValue = "300", description = "Temperature in K (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--window", defaultValue = "25", description = "Free-energy window in kJ/mol (default: ${DEFAULT-VALUE}).")
    double window;

    @Option(names = "--seed", defaultValue = "1", description = "Seed family; molecule seeds come from it and the id (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads per molecule (default: ${DEFAULT-VALUE}; Spark runs one molecule per core).")
    int threads;

    @Option(names = "--partitions", description = "Partitions per batch (default: 4 per Spark core).")
    Integer partitions;

    @Option(names = "--batch", defaultValue = "1000", description = "Molecules per batch written at once (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up a molecule's search after this many seconds: a row with "
            + "status timeout; a rerun retries it (default: no limit).")
    Double timeout;

    @Option(names = "--keep-fragments", description = "Keep every fragment of a salt or mixture (default: the largest).")
    boolean keepFragments;

    @Override
    public Integer call() throws Exception {
        ConformerSearchPipeline pipeline = new ConformerSearchPipeline(preset, temperature, window, threads,
                keepFragments, timeout == null ? Double.POSITIVE_INFINITY : timeout);
        long start = System.nanoTime();
        try (SparkSession session = spark.session("conformers")) {
            int parts = partitions != null ? partitions : 4 * session.sparkContext().defaultParallelism();
            ConformerLibrary.Settings settings = new ConformerLibrary.Settings(seed, parts, batch, sdfDir);
            ConformerLibrary.Counters counters = ConformerLibrary.Counters.of(session);
            ConformerLibrary.Summary summary;
            try (DriverProgress progress = new DriverProgress("conformers", "molecules", counters.todo()::get,
                    () -> counters.done().value() + counters.failed().value(), counters.failed()::value,
                    System.err, 10)) {
                summary = ConformerLibrary.run(session, LibraryInput.read(session, input, idColumn, smilesColumn),
                        pipeline, out, settings, counters);
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            System.out.printf(Locale.ROOT, "%d molecules: %d skipped (done earlier), %d done now, of which %d failed; "
                    + "%.2f molecules/min, %.1f pipeline s per molecule; table %s/%s%n", summary.molecules(),
                    summary.skipped(), summary.done(), summary.failed(), summary.done() / minutes,
                    summary.pipelineSeconds() / Math.max(summary.done(), 1), out, ConformerLibrary.TABLE);
        }
        return 0;
    }
}
