package org.boltzflow.boltzmann.md;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.Mbar;

/**
 * Replica exchange (parallel tempering) with Langevin dynamics: one {@link LangevinIntegrator} per temperature of
 * a ladder over the same energy model; every {@code exchangeInterval} steps neighbouring replicas swap
 * configurations with the Metropolis probability {@code min(1, exp((beta_i - beta_j)(E_i - E_j)))} (even pairs,
 * then odd pairs, alternating), each swapped replica drawing fresh Maxwell-Boltzmann velocities. The lowest
 * temperature samples its Boltzmann distribution; with every replica recorded, {@link Result#pooled()} weights all
 * their samples for it by MBAR. Replica k runs on the stream {@code Rng.derive(seed, k)} and the
 * swaps on {@code Rng.derive(seed, -1)}, so results do not depend on the thread count.
 */
public final class ReplicaExchange {
    private final EnergyModel model;
    private final double[] temperatures;
    private final double[] masses;
    private final double timestep;
    private final double friction;
    private final long seed;

    /**
     * The recorded replicas' samples (nm; {@code replicaSamples[k][t]} is sample t of replica k, at
     * {@code temperatures[k]} K) and their energies (kJ/mol), swap acceptance per pair, cost. Only the lowest replica
     * is recorded unless every replica was asked for.
     */
    public record Result(double[] temperatures, double[][][] replicaSamples, double[][] replicaEnergies,
            double[] acceptance, long energyEvaluations) {

        /** The samples of the lowest temperature. */
        public double[][] samples() {
            return replicaSamples[0];
        }

        /** The energies of the samples of the lowest temperature. */
        public double[] energies() {
            return replicaEnergies[0];
        }

        /**
         * Every recorded sample, weighted for the lowest temperature by MBAR over the recorded temperatures
         * (reduced energies {@code E / kT_k}); with only the lowest replica recorded the weights are equal.
         */
        public Pooled pooled() {
            int replicas = replicaSamples.length;
            int n = replicaSamples[0].length;
            double[][] samples = new double[replicas * n][];
            double[] energies = new double[replicas * n];
            double[][] u = new double[replicas][replicas * n];
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < replicas; k++) {
                    samples[t * replicas + k] = replicaSamples[k][t];
                    energies[t * replicas + k] = replicaEnergies[k][t];
                }
            }
            int[] counts = new int[replicas];
            for (int k = 0; k < replicas; k++) {
                counts[k] = n;
                double kT = ThermodynamicState.at(temperatures[k]).kT();
                for (int i = 0; i < energies.length; i++) {
                    u[k][i] = energies[i] / kT;
                }
            }
            return new Pooled(samples, energies, Mbar.solve(u, counts).logWeights(0));
        }
    }

    /**
     * Samples of several temperatures pooled in time order (sample t of recorded replica k at index
     * {@code t * replicas + k}), their energies (kJ/mol) and their normalized log weights at the lowest temperature.
     */
    public record Pooled(double[][] samples, double[] energies, double[] logWeights) {

        /**
         * These samples without the lightest ones whose normalized weights add up to at most {@code negligible}
         * (the others in their order, log weights unchanged).
         */
        public Pooled withoutLightest(double negligible) {
            double[] weights = ImportanceWeights.normalized(logWeights);
            Integer[] byWeight = new Integer[weights.length];
            for (int i = 0; i < weights.length; i++) {
                byWeight[i] = i;
            }
            Arrays.sort(byWeight, Comparator.comparingDouble(i -> weights[i]));
            boolean[] dropped = new boolean[weights.length];
            double sum = 0;
            for (int i : byWeight) {
                sum += weights[i];
                if (sum > negligible) {
                    break;
                }
                dropped[i] = true;
            }
            int[] kept = IntStream.range(0, weights.length).filter(i -> !dropped[i]).toArray();
            return new Pooled(Arrays.stream(kept).mapToObj(i -> samples[i]).toArray(double[][]::new),
                    Arrays.stream(kept).mapToDouble(i -> energies[i]).toArray(),
                    Arrays.stream(kept).mapToDouble(i -> logWeights[i]).toArray());
        }
    }

    /** {@code count} temperatures from {@code lowest} to {@code highest} K in a geometric progression. */
    public static double[] geometricLadder(double lowest, double highest, int count) {
        double[] temperatures = new double[count];
        for (int k = 0; k < count; k++) {
            temperatures[k] = k == 0 ? lowest : lowest * Math.pow(highest / lowest, k / (count - 1.0));
        }
        return temperatures;
    }

    /**
     * Replicas of {@code model} at {@code temperatures} (ascending, K), atoms of {@code masses} (amu), time step in
     * ps, friction in 1/ps.
     */
    public ReplicaExchange(ThermodynamicState lowest, double[] temperatures, double[] masses, double timestep,
            double friction, long seed) {
        if (temperatures.length == 0 || temperatures[0] != lowest.temperature()) {
            throw new IllegalArgumentException("the ladder must start at the state's temperature "
                    + lowest.temperature() + " K");
        }
        for (int k = 1; k < temperatures.length; k++) {
            if (!(temperatures[k] > temperatures[k - 1])) {
                throw new IllegalArgumentException("temperatures must ascend, got " + temperatures[k - 1] + " then "
                        + temperatures[k] + " K");
            }
        }
        this.model = lowest.model();
        this.temperatures = temperatures.clone();
        this.masses = masses.clone();
        this.timestep = timestep;
        this.friction = friction;
        this.seed = seed;
    }

    /**
     * Runs every replica from {@code start} for {@code equilibration} then {@code production} steps, recording the
     * lowest replica every {@code sampleInterval} production steps (a multiple of {@code exchangeInterval}).
     * {@code betweenBlocks} runs before every block of {@code exchangeInterval} steps; it may throw to stop the run.
     */
    public Result run(double[] start, int equilibration, int production, int exchangeInterval, int sampleInterval,
            int threads, Runnable betweenBlocks) {
        return run(start, equilibration, production, exchangeInterval, sampleInterval, threads, false, betweenBlocks);
    }

    /** As {@link #run(double[], int, int, int, int, int, Runnable)}, recording every replica if asked. */
    public Result run(double[] start, int equilibration, int production, int exchangeInterval, int sampleInterval,
            int threads, boolean everyReplica, Runnable betweenBlocks) {
        if (exchangeInterval < 1 || sampleInterval % exchangeInterval != 0) {
            throw new IllegalArgumentException("the sample interval (" + sampleInterval + ") must be a multiple of the "
                    + "exchange interval (" + exchangeInterval + ")");
        }
        int replicas = temperatures.length;
        LangevinIntegrator[] integrators = new LangevinIntegrator[replicas];
        for (int k = 0; k < replicas; k++) {
            integrators[k] = new LangevinIntegrator(model, masses,
                    new LangevinSettings(new ThermodynamicState(model, temperatures[k]), friction, timestep,
                            Rng.derive(seed, k)), null);
            integrators[k].initialize(start);
        }
        long evaluations = replicas;
        SplittableRandom swaps = new SplittableRandom(Rng.derive(seed, -1));
        long[] attempts = new long[Math.max(1, replicas - 1)];
        long[] accepted = new long[attempts.length];
        int recorded = everyReplica ? replicas : 1;
        int count = production / sampleInterval;
        double[][][] samples = new double[recorded][count][];
        double[][] energies = new double[recorded][count];
        int blocks = (equilibration + production) / exchangeInterval;
        int firstProduction = equilibration / exchangeInterval;
        int blocksPerSample = sampleInterval / exchangeInterval;
        int workers = Math.max(1, Math.min(threads, replicas));
        ExecutorService pool = workers == 1 ? null : Executors.newFixedThreadPool(workers);
        try {
            for (int block = 0; block < blocks; block++) {
                betweenBlocks.run();
                runBlock(pool, integrators, exchangeInterval);
                evaluations += (long) replicas * exchangeInterval;
                for (int k = block % 2; k + 1 < replicas; k += 2) {
                    attempts[k]++;
                    double delta = (1 / kT(k) - 1 / kT(k + 1))
                            * (integrators[k].potentialEnergy() - integrators[k + 1].potentialEnergy());
                    if (delta >= 0 || swaps.nextDouble() < Math.exp(delta)) {
                        accepted[k]++;
                        double[] lower = integrators[k].positions().clone();
                        integrators[k].initialize(integrators[k + 1].positions().clone());
                        integrators[k + 1].initialize(lower);
                        evaluations += 2;
                    }
                }
                int done = block + 1 - firstProduction;
                if (done > 0 && done % blocksPerSample == 0 && done / blocksPerSample <= count) {
                    for (int k = 0; k < recorded; k++) {
                        samples[k][done / blocksPerSample - 1] = integrators[k].positions().clone();
                        energies[k][done / blocksPerSample - 1] = integrators[k].potentialEnergy();
                    }
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        double[] acceptance = new double[replicas - 1];
        for (int k = 0; k < acceptance.length; k++) {
            acceptance[k] = attempts[k] == 0 ? Double.NaN : accepted[k] / (double) attempts[k];
        }
        return new Result(temperatures.clone(), samples, energies, acceptance, evaluations);
    }

    private double kT(int replica) {
        return ThermodynamicState.at(temperatures[replica]).kT();
    }

    /** Advances every replica by {@code steps}: on the calling thread without a pool, else side by side. */
    private static void runBlock(ExecutorService pool, LangevinIntegrator[] integrators, int steps) {
        if (pool == null) {
            for (LangevinIntegrator integrator : integrators) {
                integrator.run(steps, steps, null);
            }
            return;
        }
        List<Future<?>> running = new ArrayList<>();
        for (LangevinIntegrator integrator : integrators) {
            running.add(pool.submit(() -> integrator.run(steps, steps, null)));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replica exchange interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
