package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.LbfgsMinimizer;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Groups weighted samples into conformers: every sample with a weight is minimized (L-BFGS on the energy model),
 * each minimum joins the first conformer (in order of discovery) whose representative lies within the heavy-atom
 * RMSD threshold (symmetry-aware), else founds a new one. A conformer's population is the weight of its samples;
 * its error is the spread over a block bootstrap (contiguous blocks of samples, for correlated MD frames). Each
 * conformer's coordinates are its lowest member minimum, minimized again tightly.
 */
final class ConformerGrouping {
    private static final double FINAL_TOLERANCE = 0.01;
    private static final int MAX_ITERATIONS = 5000;

    private final ThermodynamicState state;
    private final HeavyAtomSymmetry symmetry;
    private final double rmsdThreshold;
    private final double tolerance;
    private final int threads;

    /** The conformers and the number of distinct minima they merged. */
    record Result(List<ConformerEnsemble.Conformer> conformers, int minima, long energyEvaluations) {}

    ConformerGrouping(ThermodynamicState state, HeavyAtomSymmetry symmetry, double rmsdThreshold, double tolerance,
            int threads) {
        this.state = state;
        this.symmetry = symmetry;
        this.rmsdThreshold = rmsdThreshold;
        this.tolerance = tolerance;
        this.threads = threads;
    }

    /** Groups {@code samples} of normalized {@code weights} (zero weights are left out). */
    Result group(double[][] samples, double[] weights, int blocks, int replicates, long seed) {
        EnergyModel model = state.model();
        LbfgsMinimizer.Result[] minima = minimizeAll(model, samples, weights, new LbfgsMinimizer(tolerance,
                MAX_ITERATIONS));
        long evaluations = 0;
        List<Integer> founders = new ArrayList<>();
        List<Integer> distinct = new ArrayList<>();
        int[] basin = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            basin[i] = -1;
            if (minima[i] == null) {
                continue;
            }
            evaluations += minima[i].iterations() + 1;
            basin[i] = match(minima, founders, i);
            if (basin[i] < 0) {
                basin[i] = founders.size();
                founders.add(i);
            }
            LbfgsMinimizer.Result minimum = minima[i];
            if (distinct.stream().noneMatch(j -> same(minima[j], minimum))) {
                distinct.add(i);
            }
        }
        int count = founders.size();
        int[] lowest = new int[count];
        int[] members = new int[count];
        java.util.Arrays.fill(lowest, -1);
        for (int i = 0; i < samples.length; i++) {
            int c = basin[i];
            if (c >= 0) {
                members[c]++;
                if (lowest[c] < 0 || minima[i].energy() < minima[lowest[c]].energy()) {
                    lowest[c] = i;
                }
            }
        }
        List<ConformerEnsemble.Conformer> conformers = new ArrayList<>();
        LbfgsMinimizer tight = new LbfgsMinimizer(FINAL_TOLERANCE, MAX_ITERATIONS);
        for (int c = 0; c < count; c++) {
            int cluster = c;
            Estimate p = Bootstrap.estimate(blocks, replicates, seed, idx -> population(weights, basin, cluster, idx,
                    blocks));
            LbfgsMinimizer.Result min = tight.minimize(model, minima[lowest[c]].xyz());
            evaluations += min.iterations() + 1;
            double[] xyz = SdfPrecision.round(min.xyz());
            conformers.add(new ConformerEnsemble.Conformer(xyz, model.energy(xyz), p.value(), p.stdError(),
                    -state.kT() * Math.log(p.value()), members[c]));
        }
        conformers.sort(Comparator.comparingDouble(ConformerEnsemble.Conformer::population).reversed());
        return new Result(conformers, distinct.size(), evaluations);
    }

    /** The first conformer whose founding minimum is within the RMSD threshold of minimum {@code i}, or -1. */
    private int match(LbfgsMinimizer.Result[] minima, List<Integer> founders, int i) {
        double energy = minima[i].energy();
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < founders.size(); c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble(c -> Math.abs(minima[founders.get(c)].energy() - energy)));
        for (int c : order) {
            if (symmetry.rmsd(minima[founders.get(c)].xyz(), minima[i].xyz()) < rmsdThreshold) {
                return c;
            }
        }
        return -1;
    }

    /** Whether two minima are the same point: energies within 0.01 kJ/mol and heavy-atom RMSD below 0.01 nm. */
    private boolean same(LbfgsMinimizer.Result a, LbfgsMinimizer.Result b) {
        return Math.abs(a.energy() - b.energy()) < 0.01 && symmetry.rmsd(a.xyz(), b.xyz()) < 0.01;
    }

    /** The weight of {@code cluster} among the samples of the chosen blocks, normalized by their total weight. */
    private static double population(double[] weights, int[] basin, int cluster, int[] blockIdx, int blocks) {
        int n = weights.length;
        double inside = 0;
        double total = 0;
        for (int b : blockIdx) {
            for (int i = b * n / blocks; i < (b + 1) * n / blocks; i++) {
                total += weights[i];
                inside += basin[i] == cluster ? weights[i] : 0;
            }
        }
        return total > 0 ? inside / total : 0;
    }

    /** Every sample with a positive weight minimized, in parallel; null for the rest. */
    private LbfgsMinimizer.Result[] minimizeAll(EnergyModel model, double[][] samples, double[] weights,
            LbfgsMinimizer minimizer) {
        LbfgsMinimizer.Result[] out = new LbfgsMinimizer.Result[samples.length];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LbfgsMinimizer.Result>> jobs = new ArrayList<>();
            for (int i = 0; i < samples.length; i++) {
                double[] start = samples[i];
                jobs.add(weights[i] > 0 ? pool.submit(() -> minimizer.minimize(model, start)) : null);
            }
            for (int i = 0; i < samples.length; i++) {
                out[i] = jobs.get(i) == null ? null : jobs.get(i).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("minimization interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
