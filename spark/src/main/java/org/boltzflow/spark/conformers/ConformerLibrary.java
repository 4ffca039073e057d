package org.boltzflow.spark.conformers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.boltzflow.boltzmann.conformers.Deadline;
import org.boltzflow.flows.Rng;
import scala.Tuple2;

/**
 * The conformer-library job: every molecule of a library (see {@link LibraryInput}) goes through a
 * {@link MoleculeConformers} pipeline on an executor, seeded by {@link #seedOf}(seed, molecule id) so that its
 * conformers do not depend on the partitioning, and its rows are appended to the Parquet table
 * {@code OUT/conformers.parquet} (columns in {@link #SCHEMA}; {@code seed} is the molecule's, which reproduces it
 * alone, e.g. with {@code boltzflow conformers --seed}); with an SDF folder, also one SDF per molecule there.
 * A molecule that fails is one row with status {@code error} and the reason; one whose search ran over its time
 * limit is one row with status {@code timeout} ("timed out after N s"). Molecules already in the table are skipped,
 * except those with only a {@code timeout} row, so a rerun over the same output retries them and continues where an
 * earlier run stopped; molecules are written in batches
 * (one Spark job each), so a stopped run loses at most the batch in flight.
 */
public final class ConformerLibrary {
    /** The columns of the output table. */
    public static final StructType SCHEMA = new StructType()
            .add("molecule_id", DataTypes.StringType, false)
            .add("seed", DataTypes.LongType, false)
            .add("conformer_rank", DataTypes.IntegerType, true)
            .add("population", DataTypes.DoubleType, true)
            .add("population_err", DataTypes.DoubleType, true)
            .add("free_energy_kj_mol", DataTypes.DoubleType, true)
            .add("mmff94_energy_kj_mol", DataTypes.DoubleType, true)
            .add("sdf", DataTypes.StringType, true)
            .add("ess", DataTypes.DoubleType, true)
            .add("seconds", DataTypes.DoubleType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true);

    /** The status of a molecule whose search ran over its time limit; a rerun retries it. */
    public static final String TIMEOUT = "timeout";

    /** The table's folder name under the output folder. */
    public static final String TABLE = "conformers.parquet";

    /**
     * How the job runs: the seed family, the partitions per batch, the molecules per batch, and the folder for one
     * SDF per molecule (null for none; any Hadoop file-system URI).
     */
    public record Settings(long seed, int partitions, int batchSize, String sdfFolder) {
        /** Checks the counts. */
        public Settings {
            if (partitions < 1 || batchSize < 1) {
                throw new IllegalArgumentException("--partitions and --batch must be at least 1, got " + partitions
                        + " and " + batchSize);
            }
        }
    }

    /**
     * What a run did: molecules in the library, skipped as already done, done now, of which failed, and the
     * pipeline's seconds summed over the molecules done now (the core-seconds a cluster needs for them).
     */
    public record Summary(long molecules, long skipped, long done, long failed, double pipelineSeconds) {}

    /**
     * Counters the driver reads for progress: molecules to do in this run, done and failed so far, and the
     * pipeline's seconds summed over them.
     */
    public record Counters(AtomicLong todo, LongAccumulator done, LongAccumulator failed, DoubleAccumulator seconds) {
        /** New counters registered with {@code spark}. */
        public static Counters of(SparkSession spark) {
            return new Counters(new AtomicLong(), spark.sparkContext().longAccumulator("molecules done"),
                    spark.sparkContext().longAccumulator("molecules failed"),
                    spark.sparkContext().doubleAccumulator("pipeline seconds"));
        }
    }

    private ConformerLibrary() {}

    /** The seed of molecule {@code id} in the seed family {@code seed}. */
    public static long seedOf(long seed, String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return Rng.derive(seed, hash);
    }

    /** Runs the library {@code library} through {@code pipeline} into the folder {@code out} (any Hadoop URI). */
    public static Summary run(SparkSession spark, Dataset<Row> library, MoleculeConformers pipeline, String out,
            Settings settings, Counters counters) throws IOException {
        String table = new Path(out, TABLE).toString();
        long molecules = library.count();
        Dataset<Row> todo = library;
        if (exists(spark, table)) {
            Dataset<Row> finished = spark.read().parquet(table).filter(functions.col("status").notEqual(TIMEOUT))
                    .select("molecule_id").distinct();
            todo = library.join(finished, library.col("id").equalTo(finished.col("molecule_id")), "left_anti");
        }
        JavaPairRDD<Row, Long> ordered = todo.orderBy("index").javaRDD().zipWithIndex().cache();
        long remaining = ordered.count();
        counters.todo().set(remaining);
        long seed = settings.seed();
        String sdfFolder = settings.sdfFolder();
        LongAccumulator done = counters.done();
        LongAccumulator failed = counters.failed();
        DoubleAccumulator seconds = counters.seconds();
        FlatMapFunction<Tuple2<Row, Long>, Row> work = t -> {
            Row m = t._1();
            LibraryMolecule molecule = new LibraryMolecule(m.getString(1), m.getString(2), m.getString(3));
            List<Row> rows = rowsOf(molecule, pipeline, seedOf(seed, molecule.id()), sdfFolder);
            (rows.get(0).isNullAt(2) ? failed : done).add(1);
            seconds.add(rows.get(0).getDouble(SCHEMA.fieldIndex("seconds")));
            return rows.iterator();
        };
        for (long start = 0; start < remaining; start += settings.batchSize()) {
            long from = start;
            long to = start + settings.batchSize();
            Dataset<Row> rows = spark.createDataFrame(ordered.filter(t -> t._2() >= from && t._2() < to)
                    .repartition(settings.partitions()).flatMap(work), SCHEMA);
            rows.write().mode(SaveMode.Append).parquet(table);
        }
        ordered.unpersist();
        return new Summary(molecules, molecules - remaining, counters.done().value() + counters.failed().value(),
                counters.failed().value(), counters.seconds().value());
    }

    /** One molecule's rows: its conformers, or one error row; writes its SDF when a folder is given. */
    static List<Row> rowsOf(LibraryMolecule molecule, MoleculeConformers pipeline, long seed, String sdfFolder) {
        long start = System.nanoTime();
        List<ConformerRow> conformers;
        try {
            conformers = pipeline.conformers(molecule, seed);
            if (conformers.isEmpty()) {
                throw new IllegalStateException("no conformers found");
            }
        } catch (Exception | StackOverflowError e) {
            return List.of(RowFactory.create(molecule.id(), seed, null, null, null, null, null, null, null,
                    seconds(start), e instanceof Deadline.Exceeded ? TIMEOUT : "error", reason(e)));
        }
        double seconds = seconds(start);
        List<Row> rows = new ArrayList<>();
        StringBuilder sdf = new StringBuilder();
        for (ConformerRow c : conformers) {
            rows.add(RowFactory.create(molecule.id(), seed, c.rank(), c.population(), c.populationError(), c.freeEnergy(),
                    c.mmff94Energy(), c.sdf(), c.ess(), seconds, "ok", null));
            sdf.append(c.sdf());
        }
        if (sdfFolder != null) {
            writeSdf(sdfFolder, molecule.id(), sdf.toString());
        }
        return rows;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst()
                .orElse(message);
    }

    /** Writes {@code folder/<id>.sdf} through a temporary file and a rename; the id is made a safe file name. */
    private static void writeSdf(String folder, String id, String text) {
        try {
            Path target = new Path(folder, id.replaceAll("[^A-Za-z0-9._-]", "_") + ".sdf");
            Path temporary = new Path(folder, "." + target.getName() + ".tmp");
            FileSystem fs = target.getFileSystem(new Configuration());
            try (OutputStream os = fs.create(temporary, true)) {
                os.write(text.getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(target, false);
            if (!fs.rename(temporary, target)) {
                throw new IOException("cannot rename " + temporary + " to " + target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("molecule " + id + ": cannot write its SDF: " + e.getMessage(), e);
        }
    }

    private static boolean exists(SparkSession spark, String table) throws IOException {
        Path path = new Path(table);
        return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    }
}
