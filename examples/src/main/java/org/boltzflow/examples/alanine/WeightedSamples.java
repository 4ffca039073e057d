package org.boltzflow.examples.alanine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntConsumer;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;

/**
 * Configurations with their flow log-density, true energy and importance log weight
 * {@code log w = -E(x)/kT - log q(x)}. Flow evaluations run in chunks inside an {@link NDScope}, so nothing leaks. A configuration whose energy is not finite (e.g. overlapping atoms) gets
 * weight zero ({@code log w = -∞}) and is counted in {@link #nonFinite()}.
 */
public record WeightedSamples(int atoms, double[] xyz, double[] logQ, double[] energies, double[] logWeights) {
    private static final int CHUNK = 2000;

    /** The number of configurations. */
    public int size() {
        return logQ.length;
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
     * Draws {@code n} samples from {@code flow} (chunk {@code c} seeded by {@code Rng.derive(seed, c)}), evaluates
     * their true energies and weights at {@code kT}; {@code progress} hears how many were done after each chunk.
     */
    public static WeightedSamples draw(NormalizingFlow flow, BatchEnergyEvaluator energy, double kT, int n, long seed,
            IntConsumer progress) {
        int atoms = energy.model().atomCount();
        double[] xyz = new double[n * 3 * atoms];
        double[] logQ = new double[n];
        for (int start = 0, c = 0; start < n; start += CHUNK, c++) {
            int size = Math.min(CHUNK, n - start);
            try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
                scope.suppressNotUsedWarning();
                Sample s = flow.sample(manager, size, Rng.derive(seed, c));
                System.arraycopy(s.x().toDoubleArray(), 0, xyz, start * 3 * atoms, size * 3 * atoms);
                System.arraycopy(s.logProb().toDoubleArray(), 0, logQ, start, size);
            }
            progress.accept(size);
        }
        return weigh(energy, kT, atoms, xyz, logQ);
    }

    /** Weighs configurations {@code xyz} whose flow log-densities are {@code logQ}. */
    public static WeightedSamples weigh(BatchEnergyEvaluator energy, double kT, int atoms, double[] xyz,
            double[] logQ) {
        double[] energies = energy.energiesAndForces(xyz, new double[xyz.length]);
        double[] logWeights = new double[logQ.length];
        for (int i = 0; i < logQ.length; i++) {
            logWeights[i] = Double.isFinite(energies[i]) && Double.isFinite(logQ[i]) ? -energies[i] / kT - logQ[i]
                    : Double.NEGATIVE_INFINITY;
        }
        return new WeightedSamples(atoms, xyz, logQ, energies, logWeights);
    }

    /** The flow's log-density of configurations {@code xyz} (frames of {@code 3 * atoms} values, nm), in chunks. */
    public static double[] flowLogDensity(NormalizingFlow flow, double[] xyz, int atoms) {
        int n = xyz.length / (3 * atoms);
        double[] logQ = new double[n];
        for (int start = 0; start < n; start += CHUNK) {
            int size = Math.min(CHUNK, n - start);
            try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
                scope.suppressNotUsedWarning();
                double[] chunk = java.util.Arrays.copyOfRange(xyz, start * 3 * atoms, (start + size) * 3 * atoms);
                NDArray logProb = flow.logProb(manager.create(chunk, new Shape(size, 3L * atoms)));
                System.arraycopy(logProb.toDoubleArray(), 0, logQ, start, size);
            }
        }
        return logQ;
    }
}
