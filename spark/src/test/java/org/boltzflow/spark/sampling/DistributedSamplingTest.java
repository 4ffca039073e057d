package org.boltzflow.spark.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.boltzflow.spark.LocalSpark;
import org.boltzflow.spark.SparkCommand;
import org.boltzflow.boltzmann.coordinates.InternalCoordinateTransform;
import org.boltzflow.boltzmann.coordinates.ZMatrixBuilder;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.generator.BoltzmannGenerator;
import org.boltzflow.boltzmann.generator.SampleStream;
import org.boltzflow.boltzmann.generator.WeightedSamples;
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
 * estimates, bit for bit, as sampling in one JVM, and their draws are those of the single-machine sampler
 * ({@code BoltzmannGenerator.sample}, behind {@code boltzflow sample}) for the same seed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedSamplingTest {
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static GeneratorBundle generator;
    /** Four chunks of the standard size, the last one short. */
    private static final int DRAWS = 3 * SampleStream.CHUNK + 500;

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
        SampleStream stream = new SampleStream(11, 700, 100);
        SamplingSums local = DistributedSampling.local(generator, observables, stream);
        SamplingEstimates expected = SamplingEstimates.of(local, observables, Units.kT(300));
        assertEquals(700, local.draws());
        assertTrue(local.configurations() > 600 && Double.isFinite(expected.logZ().value()), expected.toJson());
        for (int partitions : new int[] {1, 2, 4}) {
            SamplingSums distributed = DistributedSampling.run(spark, generator, observables, stream, partitions,
                    spark.sparkContext().longAccumulator());
            assertEquals(Double.doubleToRawLongBits(local.weight().value()),
                    Double.doubleToRawLongBits(distributed.weight().value()), partitions + " partitions: sum of w");
            assertEquals(expected.toJson(), SamplingEstimates.of(distributed, observables, Units.kT(300)).toJson(),
                    partitions + " partitions");
        }
    }

    /**
     * The samples of the single-machine sampler ({@code BoltzmannGenerator.sample}, which {@code boltzflow sample}
     * writes) are the stream's chunks, bit for bit, and their estimates are those of 1, 2 and 4 partitions.
     */
    @Test
    @Order(2)
    void singleMachineSamplesAreTheDistributedChunks() throws Exception {
        Observables observables = Observables.alanineDipeptide(12);
        SampleStream stream = SampleStream.of(11, DRAWS);
        SamplingEstimates expected = singleMachineEstimates(observables);
        for (int partitions : new int[] {1, 2, 4}) {
            SamplingSums distributed = DistributedSampling.run(spark, generator, observables, stream, partitions,
                    spark.sparkContext().longAccumulator());
            assertEquals(expected.toJson(), SamplingEstimates.of(distributed, observables, Units.kT(300)).toJson(),
                    partitions + " partitions");
        }
    }

    /**
     * {@code boltzflow sample}'s draws for seed 11 and {@value #DRAWS} samples, cut into the stream's chunks (after
     * checking that they are the chunks bit for bit), summed as the partitions sum them.
     */
    private static SamplingEstimates singleMachineEstimates(Observables observables) throws Exception {
        AmberForceField forceField = generator.forceField();
        ThermodynamicState state = new ThermodynamicState(forceField, 300);
        SampleStream stream = SampleStream.of(11, DRAWS);
        assertEquals(4, stream.chunks());
        SamplingSums sums = new SamplingSums(observables);
        try (BoltzmannGenerator bg = BoltzmannGenerator.builder(state, forceField.topology())
                .savedModel(dir, "model").seed(11).threads(2).build();
                BatchEnergyEvaluator energy = new BatchEnergyEvaluator(forceField, 1)) {
            WeightedSamples single = bg.sample(DRAWS, 11, n -> { });
            int offset = 0;
            int invalid = 0;
            for (int c = 0; c < stream.chunks(); c++) {
                WeightedSamples chunk = stream.chunk(bg.flow(), energy, state, c);
                int size = chunk.size();
                assertArrayEquals(chunk.logQ(), Arrays.copyOfRange(single.logQ(), offset, offset + size));
                assertArrayEquals(chunk.energies(), Arrays.copyOfRange(single.energies(), offset, offset + size));
                assertArrayEquals(chunk.logWeights(), Arrays.copyOfRange(single.logWeights(), offset, offset + size));
                assertArrayEquals(chunk.xyz(), Arrays.copyOfRange(single.xyz(), offset * 66, (offset + size) * 66));
                sums.addChunk(stream.chunkDraws(c), chunk.xyz(), chunk.atoms(), chunk.logWeights(), observables);
                offset += size;
                invalid += chunk.invalid();
            }
            assertEquals(single.size(), offset);
            assertEquals(single.invalid(), invalid);
        }
        return SamplingEstimates.of(sums, observables, Units.kT(300));
    }

    /**
     * The command line on a run folder writes the estimates of {@code boltzflow sample}'s draws for the same seed
     * and count; it stops the session, so it runs last.
     */
    @Test
    @Order(3)
    void sampleCommandWritesTheSingleMachineEstimates() throws Exception {
        Path prmtop = Path.of(System.getProperty("boltzflow.data", "../data"),
                "alanine-dipeptide/alanine-dipeptide.prmtop").toAbsolutePath();
        Files.writeString(dir.resolve("config.json"), "{\"prmtop\": \"" + prmtop + "\", \"solvent\": \"vacuum\", "
                + "\"temperature\": 300, \"seed\": 11}\n");
        Path out = dir.resolve("estimates");
        StringWriter err = new StringWriter();
        assertEquals(0, SparkCommand.run(new String[] {"sample", "--master", "local[2]", "--model", dir.toString(),
                "-n", String.valueOf(DRAWS), "--bins", "12", "--partitions", "3", "--out", out.toString()},
                new PrintWriter(err, true)), err.toString());
        assertEquals(singleMachineEstimates(Observables.alanineDipeptide(12)).toJson(),
                Files.readString(out.resolve("estimates.json")));
    }
}
