package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * A weighted ensemble from a Boltzmann generator: configurations ({@code 3 * atoms} values each, nm) with their flow
 * log-density, true energy (kJ/mol) and importance log weight {@code log w = -E(x)/kT - log q(x)}, all plain arrays.
 * Flow evaluations run in chunks inside an {@link NDScope}, so nothing leaks. A configuration whose energy is not
 * finite (e.g. overlapping atoms) gets weight zero ({@code log w = -∞}) and is counted in {@link #nonFinite()}.
 */
public record WeightedSamples(int atoms, double[] xyz, double[] logQ, double[] energies, double[] logWeights,
        int invalid) {
    private static final int CHUNK = SampleStream.CHUNK;

    /** The number of configurations. */
    public int size() {
        return logQ.length;
    }

    /** The Kish effective sample size as a fraction of the configurations, {@code (Σw)² / (n Σw²)}. */
    public double ess() {
        return ImportanceWeights.kishFraction(logWeights);
    }

    /** The normalized importance weights (a new array summing to 1). */
    public double[] weights() {
        return ImportanceWeights.normalized(logWeights);
    }

    /** log Z of the target relative to the flow, over all draws including the invalid ones (weight zero). */
    public double logZ() {
        return ImportanceWeights.logZ(logWeights).value() + Math.log((double) size() / (size() + invalid));
    }

    /** How many configurations have a non-finite energy. */
    public int nonFinite() {
        int count = 0;
        for (double e : energies) {
            if (!Double.isFinite(e)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Draws all chunks of {@code stream} from {@code flow} (see {@link SampleStream#chunk}), weighed in
     * {@code state}, in order; {@code progress} hears how many draws were done after each chunk. Draws the flow
     * cannot map to a configuration are counted in {@code invalid}, and {@link #logZ} still divides by all draws.
     */
    public static WeightedSamples draw(NormalizingFlow flow, BatchEnergyEvaluator energy, ThermodynamicState state,
            SampleStream stream, IntConsumer progress) {
        return draw(flow, null, energy, state, stream, progress);
    }

    /**
     * {@link #draw(NormalizingFlow, BatchEnergyEvaluator, ThermodynamicState, SampleStream, IntConsumer)} from a
     * conditional flow given the context row {@code context} (null: unconditional), shared by every sample.
     */
    public static WeightedSamples draw(NormalizingFlow flow, double[] context, BatchEnergyEvaluator energy,
            ThermodynamicState state, SampleStream stream, IntConsumer progress) {
        if (stream.draws() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(stream.draws() + " draws do not fit one ensemble");
        }
        List<WeightedSamples> chunks = new ArrayList<>();
        for (int c = 0; c < stream.chunks(); c++) {
            chunks.add(stream.chunk(flow, context, energy, state, c));
            progress.accept(stream.chunkDraws(c));
        }
        return new WeightedSamples(energy.model().atomCount(), concat(chunks, WeightedSamples::xyz),
                concat(chunks, WeightedSamples::logQ), concat(chunks, WeightedSamples::energies),
                concat(chunks, WeightedSamples::logWeights), chunks.stream().mapToInt(WeightedSamples::invalid).sum());
    }

    private static double[] concat(List<WeightedSamples> chunks, Function<WeightedSamples, double[]> part) {
        return SampleStream.concat(chunks.stream().map(part).toList());
    }

    /** The context {@code (1, c)} of a context row, or null for none. */
    static NDArray contextRow(NDManager manager, double[] context) {
        return context == null ? null : manager.create(context, new Shape(1, context.length));
    }

    /** Weighs configurations {@code xyz} whose flow log-densities are {@code logQ} in {@code state}. */
    public static WeightedSamples weigh(BatchEnergyEvaluator energy, ThermodynamicState state, int atoms,
            double[] xyz, double[] logQ) {
        double[] energies = energy.energiesAndForces(xyz, new double[xyz.length]);
        double[] reduced = state.reduced(energies);
        double[] logWeights = new double[logQ.length];
        for (int i = 0; i < logQ.length; i++) {
            logWeights[i] = Double.isFinite(energies[i]) && Double.isFinite(logQ[i]) ? -reduced[i] - logQ[i]
                    : Double.NEGATIVE_INFINITY;
        }
        return new WeightedSamples(atoms, xyz, logQ, energies, logWeights, 0);
    }

    /** The flow's log-density of configurations {@code xyz} (frames of {@code 3 * atoms} values, nm), in chunks. */
    public static double[] flowLogDensity(NormalizingFlow flow, double[] xyz, int atoms) {
        return flowLogDensity(flow, null, xyz, atoms);
    }

    /** {@link #flowLogDensity(NormalizingFlow, double[], int)} of a conditional flow at context row {@code context}. */
    public static double[] flowLogDensity(NormalizingFlow flow, double[] context, double[] xyz, int atoms) {
        int n = xyz.length / (3 * atoms);
        double[] logQ = new double[n];
        for (int start = 0; start < n; start += CHUNK) {
            int size = Math.min(CHUNK, n - start);
            try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
                scope.suppressNotUsedWarning();
                double[] chunk = java.util.Arrays.copyOfRange(xyz, start * 3 * atoms, (start + size) * 3 * atoms);
                NDArray logProb = flow.logProb(manager.create(chunk, new Shape(size, 3L * atoms)),
                        contextRow(manager, context));
                System.arraycopy(logProb.toDoubleArray(), 0, logQ, start, size);
            }
        }
        return logQ;
    }
}
