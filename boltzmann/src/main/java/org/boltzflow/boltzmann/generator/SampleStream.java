package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;

/**
 * A seeded stream of {@code draws} generator draws cut into chunks of {@code chunkSize}: chunk {@code c} holds
 * {@link #chunkDraws(int)} draws, pushed through the flow in one batch with the seed {@link #chunkSeed(int)}. A
 * chunk's samples depend only on the seed, the chunk size and {@code c}, so chunks drawn on different machines, in
 * any grouping, are the samples {@link BoltzmannGenerator#sample} draws in one JVM for the same seed.
 */
public record SampleStream(long seed, long draws, int chunkSize) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The chunk size of {@link BoltzmannGenerator#sample} and of {@link #of}. */
    public static final int CHUNK = 2000;

    /** Validates the counts (at least one draw, a positive chunk size). */
    public SampleStream {
        if (draws < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("need at least one draw and a positive chunk size, got " + draws
                    + " draws in chunks of " + chunkSize);
        }
    }

    /** The stream of {@code draws} draws with the sampling seed {@code seed} in chunks of {@link #CHUNK}. */
    public static SampleStream of(long seed, long draws) {
        return new SampleStream(seed, draws, CHUNK);
    }

    /** The number of chunks. */
    public int chunks() {
        return Math.toIntExact((draws + chunkSize - 1) / chunkSize);
    }

    /** The number of draws in chunk {@code c}: {@code chunkSize}, fewer in the last chunk. */
    public int chunkDraws(int c) {
        if (c < 0 || c >= chunks()) {
            throw new IllegalArgumentException("chunk " + c + " is not among the " + chunks() + " chunks");
        }
        return (int) Math.min(chunkSize, draws - (long) c * chunkSize);
    }

    /** The seed chunk {@code c} is drawn with: {@code Rng.derive(Rng.derive(seed, -1), c)}. */
    public long chunkSeed(int c) {
        return Rng.derive(Rng.derive(seed, -1), c);
    }

    /**
     * Draws chunk {@code c} from {@code flow} and weighs it in {@code state}. A draw the flow cannot map to a
     * configuration (its coordinate layer refuses it: an angle outside (0, π), a non-positive bond) has density zero
     * under the target; it is left out and counted in {@link WeightedSamples#invalid()}.
     */
    public WeightedSamples chunk(NormalizingFlow flow, BatchEnergyEvaluator energy, ThermodynamicState state,
            int c) {
        return chunk(flow, null, energy, state, c);
    }

    /**
     * {@link #chunk(NormalizingFlow, BatchEnergyEvaluator, ThermodynamicState, int)} of a conditional flow given the
     * context row {@code context} (null: unconditional), shared by every draw.
     */
    public WeightedSamples chunk(NormalizingFlow flow, double[] context, BatchEnergyEvaluator energy,
            ThermodynamicState state, int c) {
        int size = chunkDraws(c);
        long chunkSeed = chunkSeed(c);
        List<double[]> xyz = new ArrayList<>();
        List<double[]> logQ = new ArrayList<>();
        try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            Sample z = flow.latent(manager, size, chunkSeed);
            NDArray rows = WeightedSamples.contextRow(manager, context);
            try {
                add(flow.push(z, rows, chunkSeed), xyz, logQ);
            } catch (IllegalArgumentException invalidDraw) {
                for (int i = 0; i < size; i++) {
                    String row = i + ":" + (i + 1);
                    try {
                        add(flow.push(new Sample(z.x().get(row), z.logProb().get(row)), rows, chunkSeed), xyz,
                                logQ);
                    } catch (IllegalArgumentException refused) {
                        // density zero under the target: a draw without a configuration
                    }
                }
            }
        }
        double[] lq = concat(logQ);
        WeightedSamples s = WeightedSamples.weigh(energy, state, energy.model().atomCount(), concat(xyz), lq);
        return new WeightedSamples(s.atoms(), s.xyz(), s.logQ(), s.energies(), s.logWeights(), size - lq.length);
    }

    private static void add(Sample s, List<double[]> xyz, List<double[]> logQ) {
        xyz.add(s.x().toDoubleArray());
        logQ.add(s.logProb().toDoubleArray());
    }

    static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
