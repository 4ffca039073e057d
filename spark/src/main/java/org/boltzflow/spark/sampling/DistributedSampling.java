package org.boltzflow.spark.sampling;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Sampling of a trained generator spread over a Spark cluster. The generator is broadcast as bytes; the chunks
 * (see {@link ChunkSampler}) are split into {@code partitions} contiguous runs, each partition draws and sums its
 * chunks, and the driver merges the exact sums. The result is the same, bit for bit, for any number of partitions
 * and equals {@link #local} in one JVM.
 */
public final class DistributedSampling {
    private DistributedSampling() {}

    /** The sums of all chunks, drawn on the cluster of {@code spark} in {@code partitions} partitions. */
    public static SamplingSums run(SparkSession spark, GeneratorBundle generator, Observables observables,
            ChunkSampler sampler, int partitions, LongAccumulator drawn) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<GeneratorBundle> shared = jsc.broadcast(generator);
        List<Integer> chunks = IntStream.range(0, sampler.chunks()).boxed().toList();
        return jsc.parallelize(chunks, partitions)
                .mapPartitions(own -> List.of(sampler.sums(shared.value(), observables, own, drawn::add)).iterator())
                .reduce(SamplingSums::merge);
    }

    /** The sums of all chunks, drawn one after another in this JVM. */
    public static SamplingSums local(GeneratorBundle generator, Observables observables, ChunkSampler sampler)
            throws java.io.IOException {
        return sampler.sums(generator, observables, IntStream.range(0, sampler.chunks()).boxed().iterator(), d -> { });
    }
}
