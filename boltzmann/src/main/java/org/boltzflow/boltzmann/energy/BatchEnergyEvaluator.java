package org.boltzflow.boltzmann.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates an {@link EnergyModel}'s energy and forces over many configurations on a fixed thread pool. Each
 * configuration is computed on its own by one thread, so results are bitwise identical for any thread count.
 * Close it to stop the pool.
 */
public final class BatchEnergyEvaluator implements AutoCloseable {
    private final EnergyModel model;
    private final int threads;
    private final ExecutorService pool;

    /** An evaluator of {@code model} on {@code threads} threads (1 evaluates on the caller's thread). */
    public BatchEnergyEvaluator(EnergyModel model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.model = model;
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "boltzflow-energy");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An evaluator using every available processor. */
    public BatchEnergyEvaluator(EnergyModel model) {
        this(model, Runtime.getRuntime().availableProcessors());
    }

    /** The energy model evaluated. */
    public EnergyModel model() {
        return model;
    }

    /** The number of threads. */
    public int threads() {
        return threads;
    }

    /**
     * Energies (kJ/mol) of the configurations packed in {@code xyz} ({@code n * 3 * atoms} values); writes their
     * forces (kJ/mol/nm) into {@code forces}, which has the same length as {@code xyz}.
     */
    public double[] energiesAndForces(double[] xyz, double[] forces) {
        int width = 3 * model.atomCount();
        if (xyz.length % width != 0 || forces.length != xyz.length) {
            throw new IllegalArgumentException("coordinates (" + xyz.length + " values) and forces (" + forces.length
                    + ") must both hold whole configurations of " + width + " values");
        }
        int n = xyz.length / width;
        double[] energies = new double[n];
        if (pool == null || n == 1) {
            evaluateRange(xyz, forces, energies, 0, n);
            return energies;
        }
        int chunks = Math.min(n, threads);
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            futures.add(pool.submit(() -> evaluateRange(xyz, forces, energies, from, to)));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating energies", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return energies;
    }

    private void evaluateRange(double[] xyz, double[] forces, double[] energies, int from, int to) {
        int width = 3 * model.atomCount();
        double[] x = new double[width];
        double[] f = new double[width];
        for (int i = from; i < to; i++) {
            System.arraycopy(xyz, i * width, x, 0, width);
            java.util.Arrays.fill(f, 0);
            energies[i] = model.energyAndForces(x, f);
            System.arraycopy(f, 0, forces, i * width, width);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
