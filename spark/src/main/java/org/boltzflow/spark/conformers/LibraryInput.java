package org.boltzflow.spark.conformers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a molecule library into a table of (index, id, smiles, molfile), one row per molecule in file order, from
 * <ul>
 * <li>a SMILES file ({@code .smi}, {@code .smiles}, {@code .txt}): {@code SMILES [id]} per line, {@code #}
 * comments and blank lines skipped, id {@code line-N} when missing;</li>
 * <li>an SDF ({@code .sdf}, {@code .sd}): one molecule per record, id from the title line ({@code record-N} when
 * blank);</li>
 * <li>a CSV with a header ({@code .csv}) or a Parquet table ({@code .parquet}) with an id and a SMILES column (id
 * {@code row-N} when empty).</li>
 * </ul>
 * Ids must be unique: a repeated id is refused, naming it.
 */
public final class LibraryInput {
    /** The columns of a library table. */
    public static final StructType SCHEMA = new StructType()
            .add("index", DataTypes.LongType, false)
            .add("id", DataTypes.StringType, false)
            .add("smiles", DataTypes.StringType, true)
            .add("molfile", DataTypes.StringType, true);

    private LibraryInput() {}

    /** The library in {@code path}; {@code idColumn} and {@code smilesColumn} name the columns of a table. */
    public static Dataset<Row> read(SparkSession spark, String path, String idColumn, String smilesColumn) {
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        Dataset<Row> library;
        if (name.endsWith(".sdf") || name.endsWith(".sd")) {
            library = sdf(spark, path);
        } else if (name.endsWith(".csv")) {
            library = table(spark, spark.read().option("header", "true").csv(path), path, idColumn, smilesColumn);
        } else if (name.endsWith(".parquet")) {
            library = table(spark, spark.read().parquet(path), path, idColumn, smilesColumn);
        } else if (name.endsWith(".smi") || name.endsWith(".smiles") || name.endsWith(".txt")) {
            library = smiles(spark, path);
        } else {
            throw new IllegalArgumentException(path + ": unknown library format; expected .smi, .smiles, .txt, .sdf, "
                    + ".csv or .parquet");
        }
        requireUniqueIds(library, path);
        return library;
    }

    private static Dataset<Row> smiles(SparkSession spark, String path) {
        JavaRDD<Row> rows = spark.read().text(path).javaRDD().zipWithIndex().map(t -> {
            String line = t._1().getString(0).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                return null;
            }
            String[] parts = line.split("\\s+", 2);
            String id = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : "line-" + (t._2() + 1);
            return RowFactory.create(t._2(), id, parts[0], null);
        }).filter(r -> r != null);
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Dataset<Row> sdf(SparkSession spark, String path) {
        JavaRDD<Row> rows = spark.read().option("lineSep", "$$$$").text(path).javaRDD()
                .map(r -> r.getString(0).replaceFirst("^\r?\n", ""))
                .filter(record -> !record.isBlank())
                .zipWithIndex().map(t -> {
                    String title = t._1().lines().findFirst().orElse("").strip();
                    return RowFactory.create(t._2(), title.isEmpty() ? "record-" + (t._2() + 1) : title, null,
                            t._1() + "$$$$\n");
                });
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Dataset<Row> table(SparkSession spark, Dataset<Row> table, String path, String idColumn,
            String smilesColumn) {
        List<String> columns = Arrays.asList(table.columns());
        for (String column : List.of(idColumn, smilesColumn)) {
            if (!columns.contains(column)) {
                throw new IllegalArgumentException(path + ": no column '" + column + "' (columns: "
                        + String.join(", ", columns) + "); name the columns with --id-column and --smiles-column");
            }
        }
        JavaRDD<Row> rows = table.select(idColumn, smilesColumn).javaRDD().zipWithIndex().map(t -> {
            String id = t._1().isNullAt(0) ? "" : t._1().get(0).toString().strip();
            Object smiles = t._1().get(1);
            return RowFactory.create(t._2(), id.isEmpty() ? "row-" + (t._2() + 1) : id,
                    smiles == null ? "" : smiles.toString().strip(), null);
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static void requireUniqueIds(Dataset<Row> library, String path) {
        List<Row> repeated = library.groupBy("id").count().filter("count > 1").limit(1).collectAsList();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException(path + ": molecule id '" + repeated.get(0).getString(0) + "' occurs "
                    + repeated.get(0).getLong(1) + " times; ids must be unique");
        }
    }
}
