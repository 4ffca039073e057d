package org.boltzflow.spark.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.boltzflow.spark.LocalSpark;
import org.boltzflow.spark.SparkCommand;
import org.boltzflow.boltzmann.coordinates.InternalCoordinateTransform;
import org.boltzflow.boltzmann.coordinates.ZMatrixBuilder;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.layers.SplineCoupling;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed sampling of an alanine-dipeptide flow (a perturbed spline coupling on internal coordinates fitted to
 * the reference frames, saved with FlowIO) on a local Spark session: 1, 2 and 4 partitions give the same sums and
 * estimates, bit for bit, as sampling in one JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedSamplingTest {
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static GeneratorBundle generator;

    @BeforeAll
    static void setUp() throws Exception {
        Engines.init(1);
        Path data = Path.of(System.getProperty("boltzflow.data", "../data"));
        Path prmtop = data.resolve("alanine-dipeptide/alanine-dipeptide.prmtop");
        try (NDManager manager = NDManager.newBaseManager()) {
            NpyArray coords = Npy.read(data.resolve("alanine-dipeptide/reference/coords.npy"));
            NDArray frames = manager.create(coords.data(), new Shape(coords.shape()[0], 66));
            InternalCoordinateTransform internal = InternalCoordinateTransform.fit(
                    ZMatrixBuilder.build(PrmtopReader.read(prmtop).topology()), frames, 5.0);
            List<Domain> domains = internal.domains();
            SplineCoupling spline = new SplineCoupling(manager, domains,
                    AffineCoupling.alternatingMask(domains.size(), 0), SplineSettings.of(8), new int[] {16},
                    Activation.TANH, DataType.FLOAT64, 3);
            LayerChecks.perturb(spline, 0.1, 4);
            NormalizingFlow flow = new NormalizingFlow(
                    ProductDistribution.forDomains(manager, domains, DataType.FLOAT64), List.of(spline, internal));
            FlowIO.save(flow, dir, "model");
        }
        generator = GeneratorBundle.read(dir, "model", prmtop, "vacuum", 300);
        spark = LocalSpark.start("distributed-sampling");
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    @Order(1)
    void anyPartitionCountGivesTheSingleMachineNumbersBitForBit() throws Exception {
        Observables observables = Observables.alanineDipeptide(12);
        ChunkSampler sampler = new ChunkSampler(700, 100, 11);
        SamplingSums local = DistributedSampling.local(generator, observables, sampler);
        SamplingEstimates expected = SamplingEstimates.of(local, observables, Units.kT(300));
        assertEquals(700, local.draws());
        assertTrue(local.configurations() > 600 && Double.isFinite(expected.logZ().value()), expected.toJson());
        for (int partitions : new int[] {1, 2, 4}) {
            SamplingSums distributed = DistributedSampling.run(spark, generator, observables, sampler, partitions,
                    spark.sparkContext().longAccumulator());
            assertEquals(Double.doubleToRawLongBits(local.weight().value()),
                    Double.doubleToRawLongBits(distributed.weight().value()), partitions + " partitions: sum of w");
            assertEquals(expected.toJson(), SamplingEstimates.of(distributed, observables, Units.kT(300)).toJson(),
                    partitions + " partitions");
        }
    }

    /** The command line on a run folder writes the same estimates; it stops the session, so it runs last. */
    @Test
    @Order(2)
    void sampleCommandWritesTheSameEstimates() throws Exception {
        Path prmtop = Path.of(System.getProperty("boltzflow.data", "../data"),
                "alanine-dipeptide/alanine-dipeptide.prmtop").toAbsolutePath();
        Files.writeString(dir.resolve("config.json"), "{\"prmtop\": \"" + prmtop + "\", \"solvent\": \"vacuum\", "
                + "\"temperature\": 300}\n");
        Path out = dir.resolve("estimates");
        StringWriter err = new StringWriter();
        assertEquals(0, SparkCommand.run(new String[] {"sample", "--master", "local[2]", "--model", dir.toString(),
                "-n", "700", "--chunk", "100", "--seed", "11", "--bins", "12", "--partitions", "3", "--out",
                out.toString()}, new PrintWriter(err, true)), err.toString());
        Observables observables = Observables.alanineDipeptide(12);
        SamplingSums local = DistributedSampling.local(generator, observables, new ChunkSampler(700, 100, 11));
        assertEquals(SamplingEstimates.of(local, observables, Units.kT(300)).toJson(),
                Files.readString(out.resolve("estimates.json")));
    }
}
