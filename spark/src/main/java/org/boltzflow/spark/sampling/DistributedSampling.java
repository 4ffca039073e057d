package org.boltzflow.spark.sampling;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.generator.SampleStream;
import org.boltzflow.boltzmann.generator.WeightedSamples;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;

/**
 * Sampling of a trained generator spread over a Spark cluster. The generator is broadcast as bytes; the chunks of
 * the {@link SampleStream} are split into {@code partitions} contiguous runs, each partition draws its chunks with
 * {@link SampleStream#chunk} (the draws {@code boltzflow sample} makes for the same seed) and sums their weights
 * into {@link SamplingSums}, and the driver merges the exact sums. The result is the same, bit for bit, for any
 * number of partitions and equals {@link #local} in one JVM.
 */
public final class DistributedSampling {
    private DistributedSampling() {}

    /** The sums of all chunks, drawn on the cluster of {@code spark} in {@code partitions} partitions. */
    public static SamplingSums run(SparkSession spark, GeneratorBundle generator, Observables observables,
            SampleStream stream, int partitions, LongAccumulator drawn) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<GeneratorBundle> shared = jsc.broadcast(generator);
        List<Integer> chunks = IntStream.range(0, stream.chunks()).boxed().toList();
        return jsc.parallelize(chunks, partitions)
                .mapPartitions(own -> List.of(sums(shared.value(), observables, stream, own, drawn::add)).iterator())
                .reduce(SamplingSums::merge);
    }

    /** The sums of all chunks, drawn one after another in this JVM. */
    public static SamplingSums local(GeneratorBundle generator, Observables observables, SampleStream stream)
            throws IOException {
        return sums(generator, observables, stream, IntStream.range(0, stream.chunks()).boxed().iterator(), d -> { });
    }

    /**
     * The sums over the given chunks, drawn in this JVM with one PyTorch thread and one energy thread;
     * {@code progress} hears the draws of each chunk when it is done.
     */
    static SamplingSums sums(GeneratorBundle generator, Observables observables, SampleStream stream,
            Iterator<Integer> chunks, LongConsumer progress) throws IOException {
        Engines.init(1);
        SamplingSums sums = new SamplingSums(observables);
        AmberForceField forceField = generator.forceField();
        ThermodynamicState state = new ThermodynamicState(forceField, generator.temperature());
        try (NDManager manager = NDManager.newBaseManager();
                BatchEnergyEvaluator energy = new BatchEnergyEvaluator(forceField, 1)) {
            NormalizingFlow flow = generator.flow(manager);
            while (chunks.hasNext()) {
                int c = chunks.next();
                WeightedSamples chunk = stream.chunk(flow, energy, state, c);
                sums.addChunk(stream.chunkDraws(c), chunk.xyz(), chunk.atoms(), chunk.logWeights(), observables);
                progress.accept(stream.chunkDraws(c));
            }
        }
        return sums;
    }
}
