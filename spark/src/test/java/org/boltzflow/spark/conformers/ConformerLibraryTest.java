package org.boltzflow.spark.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.boltzflow.spark.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformer-library job on a local Spark session with the conformer pipeline at its tiny preset: a library of
 * ten molecules with one invalid SMILES gives, molecule by molecule, the conformers and populations of the pipeline
 * run alone with the molecule's seed, the invalid one as an error row; a rerun skips what is done; SMILES, CSV, SDF and Parquet libraries read alike.
 */
class ConformerLibraryTest {
    private static final String[][] LIBRARY = {{"ethane", "CC"}, {"propane", "CCC"}, {"ethanol", "CCO"},
            {"methylamine", "CN"}, {"acetic-acid", "CC(=O)O"}, {"butane", "CCCC"}, {"broken", "C1CC("},
            {"dimethyl-ether", "COC"}, {"cyclopropane", "C1CC1"}, {"propanol", "CCCO"}};
    private static final long SEED = 7;

    @TempDir
    static Path dir;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("conformer-library");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void libraryGivesThePipelineRowsPerMoleculeAndARerunSkipsDoneOnes() throws Exception {
        Path csv = dir.resolve("first.csv");
        StringBuilder table = new StringBuilder("name,structure\n");
        for (int i = 0; i < 4; i++) {
            table.append(LIBRARY[i][0]).append(',').append(LIBRARY[i][1]).append('\n');
        }
        Files.writeString(csv, table);
        Path smi = dir.resolve("all.smi");
        StringBuilder lines = new StringBuilder("# a test library\n");
        for (String[] m : LIBRARY) {
            lines.append(m[1]).append(' ').append(m[0]).append('\n');
        }
        Files.writeString(smi, lines);
        String out = dir.resolve("out").toString();
        String sdfFolder = dir.resolve("sdf").toString();
        MoleculeConformers pipeline = new ConformerSearchPipeline("tiny", 300, 25, 1, false,
                Double.POSITIVE_INFINITY);

        ConformerLibrary.Summary first = ConformerLibrary.run(spark,
                LibraryInput.read(spark, csv.toString(), "name", "structure"), pipeline, out,
                new ConformerLibrary.Settings(SEED, 2, 3, sdfFolder), ConformerLibrary.Counters.of(spark));
        assertEquals(List.of(4L, 0L, 4L, 0L), counts(first));
        ConformerLibrary.Summary second = ConformerLibrary.run(spark, LibraryInput.read(spark, smi.toString(), "id",
                "smiles"), pipeline, out, new ConformerLibrary.Settings(SEED, 3, 4, sdfFolder),
                ConformerLibrary.Counters.of(spark));
        assertEquals(List.of(10L, 4L, 6L, 1L), counts(second));
        assertTrue(second.pipelineSeconds() > 0);
        ConformerLibrary.Summary third = ConformerLibrary.run(spark, LibraryInput.read(spark, smi.toString(), "id",
                "smiles"), pipeline, out, new ConformerLibrary.Settings(SEED, 3, 4, null),
                ConformerLibrary.Counters.of(spark));
        assertEquals(List.of(10L, 10L, 0L, 0L), counts(third));

        Map<String, List<Row>> byMolecule = new TreeMap<>();
        for (Row r : spark.read().parquet(out + "/" + ConformerLibrary.TABLE)
                .orderBy("molecule_id", "conformer_rank").collectAsList()) {
            byMolecule.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        assertEquals(LIBRARY.length, byMolecule.size());
        for (String[] m : LIBRARY) {
            List<Row> rows = byMolecule.get(m[0]);
            if (m[0].equals("broken")) {
                assertEquals(1, rows.size());
                assertEquals("error", rows.get(0).getAs("status"));
                String error = rows.get(0).getAs("error");
                assertTrue(error.contains("SMILES"), error);
                assertFalse(Files.exists(Path.of(sdfFolder, "broken.sdf")));
                continue;
            }
            List<ConformerRow> alone = pipeline.conformers(LibraryMolecule.ofSmiles(m[0], m[1]),
                    ConformerLibrary.seedOf(SEED, m[0]));
            assertEquals(alone.size(), rows.size(), m[0]);
            double total = 0;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                ConformerRow c = alone.get(i);
                assertEquals("ok", r.getAs("status"));
                assertEquals(ConformerLibrary.seedOf(SEED, m[0]), (long) r.getAs("seed"));
                assertEquals(c.rank(), (int) r.getAs("conformer_rank"));
                assertEquals(c.population(), (double) r.getAs("population"), 0, m[0]);
                assertEquals(c.freeEnergy(), (double) r.getAs("free_energy_kj_mol"), 0, m[0]);
                assertEquals(c.mmff94Energy(), (double) r.getAs("mmff94_energy_kj_mol"), 0, m[0]);
                assertEquals(withoutStamp(c.sdf()), withoutStamp(r.getAs("sdf")), m[0]);
                total += c.population();
            }
            assertEquals(1, total, 1e-12);
            assertTrue(withoutStamp(Files.readString(Path.of(sdfFolder, m[0] + ".sdf")))
                    .startsWith(withoutStamp(alone.get(0).sdf())), m[0]);
        }
    }

    @Test
    void moleculesOverTheTimeoutAreTimeoutRowsAndARerunRetriesThem() throws Exception {
        Path smi = dir.resolve("timeout.smi");
        Files.writeString(smi, "OC1CCCCC1 cyclohexanol\nCCO ethanol\n");
        String out = dir.resolve("timeout").toString();
        ConformerLibrary.Summary first = ConformerLibrary.run(spark, LibraryInput.read(spark, smi.toString(), "id",
                "smiles"), new ConformerSearchPipeline("tiny", 300, 25, 1, false, 0.001), out,
                new ConformerLibrary.Settings(SEED, 2, 10, null), ConformerLibrary.Counters.of(spark));
        assertEquals(List.of(2L, 0L, 2L, 2L), counts(first));
        List<Row> rows = spark.read().parquet(out + "/" + ConformerLibrary.TABLE).collectAsList();
        assertEquals(2, rows.size());
        for (Row r : rows) {
            assertEquals(ConformerLibrary.TIMEOUT, r.getAs("status"));
            assertEquals("timed out after 0.001 s", r.getAs("error"));
        }
        ConformerLibrary.Summary rerun = ConformerLibrary.run(spark, LibraryInput.read(spark, smi.toString(), "id",
                "smiles"), new ConformerSearchPipeline("tiny", 300, 25, 1, false, 600), out,
                new ConformerLibrary.Settings(SEED, 2, 10, null), ConformerLibrary.Counters.of(spark));
        assertEquals(List.of(2L, 0L, 2L, 0L), counts(rerun));
        assertEquals(2, spark.read().parquet(out + "/" + ConformerLibrary.TABLE).filter("status = 'ok'")
                .select("molecule_id").distinct().count());
    }

    @Test
    void sdfAndParquetLibrariesAndRepeatedIds() throws Exception {
        String[] reference = Files.readString(Path.of(System.getProperty("boltzflow.data", "../data"),
                "mmff/reference.sdf")).split("(?<=\\$\\$\\$\\$\n)");
        Path sdf = dir.resolve("two.sdf");
        Files.writeString(sdf, reference[0] + reference[3]);
        List<Row> records = LibraryInput.read(spark, sdf.toString(), "id", "smiles").orderBy("index").collectAsList();
        assertEquals(2, records.size());
        assertEquals("ethane", records.get(0).getString(1));
        assertEquals(8, Molfiles.parse("ethane", records.get(0).getString(3)).getAtomCount());
        assertEquals("butane", records.get(1).getString(1));
        assertEquals(reference[3], records.get(1).getString(3));

        Path parquet = dir.resolve("library.parquet");
        Dataset<Row> smiles = spark.createDataFrame(List.of(RowFactory.create("m1", "CCO"),
                RowFactory.create(null, "CC")), new StructType().add("id", "string").add("smiles", "string"));
        smiles.coalesce(1).write().parquet(parquet.toString());
        List<Row> rows = LibraryInput.read(spark, parquet.toString(), "id", "smiles").orderBy("index")
                .collectAsList();
        assertEquals(List.of("m1", "CCO", "row-2", "CC"), List.of(rows.get(0).getString(1), rows.get(0).getString(2),
                rows.get(1).getString(1), rows.get(1).getString(2)));

        Path twice = dir.resolve("twice.smi");
        Files.writeString(twice, "CC a\nCCC b\nCCO a\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryInput.read(spark, twice.toString(), "id", "smiles"));
        assertEquals(twice + ": molecule id 'a' occurs 2 times; ids must be unique", e.getMessage());
    }

    private static List<Long> counts(ConformerLibrary.Summary s) {
        return List.of(s.molecules(), s.skipped(), s.done(), s.failed());
    }

    /** An SDF record without its header's program/time-stamp line (the second line of the record). */
    private static String withoutStamp(String sdf) {
        return sdf.replaceFirst("\n[^\n]*\n", "\n\n");
    }
}
