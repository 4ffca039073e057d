package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.LbfgsMinimizer;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Groups weighted samples into conformers. Samples are first binned by a torsion fingerprint (each rotatable
 * torsion in one of six 60-degree bins centred on 0, 60, ..., 300 degrees; each ring torsion negative, near zero or
 * positive); the first three samples of each fingerprint are minimized (L-BFGS on the energy model), and if their
 * minima fall in one conformer that conformer takes every sample of the fingerprint, else every sample of it is
 * minimized. Each minimum joins the first conformer (in order of discovery) whose representative lies within the
 * heavy-atom RMSD threshold (symmetry-aware), else founds a new one. A conformer's population is the weight of its samples;
 * its error is the spread over a block bootstrap (contiguous blocks of samples, for correlated MD frames). Each
 * conformer's coordinates are its lowest member minimum, minimized again tightly.
 */
final class ConformerGrouping {
    private static final double FINAL_TOLERANCE = 0.01;
    private static final int MAX_ITERATIONS = 5000;
    /** Samples of one fingerprint minimized first; if their minima fall in different conformers, all are. */
    private static final int PROBES = 3;
    /** Ring torsions within this many degrees of zero fall in the middle bin. */
    private static final double RING_ZERO_DEGREES = 30;

    private final ThermodynamicState state;
    private final HeavyAtomSymmetry symmetry;
    private final double rmsdThreshold;
    private final double tolerance;
    private final int threads;
    private final Deadline deadline;
    private final List<Dihedral> rotatable;
    private final List<Dihedral> ring;

    /** The conformers and the number of distinct minima they merged. */
    record Result(List<ConformerEnsemble.Conformer> conformers, int minima, long energyEvaluations) {}

    ConformerGrouping(ThermodynamicState state, HeavyAtomSymmetry symmetry, List<Dihedral> rotatable,
            List<Dihedral> ring, double rmsdThreshold, double tolerance, int threads, Deadline deadline) {
        this.rotatable = rotatable;
        this.ring = ring;
        this.state = state;
        this.symmetry = symmetry;
        this.rmsdThreshold = rmsdThreshold;
        this.tolerance = tolerance;
        this.threads = threads;
        this.deadline = deadline;
    }

    /** Groups {@code samples} of normalized {@code weights} (zero weights are left out). */
    Result group(double[][] samples, double[] weights, int blocks, int replicates, long seed) {
        EnergyModel model = state.model();
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < samples.length; i++) {
            if (weights[i] > 0) {
                groups.computeIfAbsent(fingerprint(samples[i]), key -> new ArrayList<>()).add(i);
            }
        }
        boolean[] probe = new boolean[samples.length];
        for (List<Integer> members : groups.values()) {
            members.subList(0, Math.min(PROBES, members.size())).forEach(i -> probe[i] = true);
        }
        LbfgsMinimizer minimizer = new LbfgsMinimizer(tolerance, MAX_ITERATIONS);
        LbfgsMinimizer.Result[] minima = new LbfgsMinimizer.Result[samples.length];
        int[] basin = new int[samples.length];
        Arrays.fill(basin, -1);
        List<Integer> founders = new ArrayList<>();
        List<Integer> distinct = new ArrayList<>();
        long evaluations = assign(minimizeAll(model, samples, probe, minimizer), minima, basin, founders, distinct);
        boolean[] rest = new boolean[samples.length];
        for (List<Integer> members : groups.values()) {
            List<Integer> probes = members.subList(0, Math.min(PROBES, members.size()));
            boolean agree = probes.stream().allMatch(i -> basin[i] == basin[probes.get(0)]);
            for (int i : members.subList(probes.size(), members.size())) {
                rest[i] = !agree;
                basin[i] = agree ? basin[probes.get(0)] : -1;
            }
        }
        evaluations += assign(minimizeAll(model, samples, rest, minimizer), minima, basin, founders, distinct);
        int count = founders.size();
        int[] lowest = new int[count];
        int[] members = new int[count];
        Arrays.fill(lowest, -1);
        for (int i = 0; i < samples.length; i++) {
            int c = basin[i];
            if (c >= 0) {
                members[c]++;
                if (minima[i] != null && (lowest[c] < 0 || minima[i].energy() < minima[lowest[c]].energy())) {
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
            deadline.check();
            LbfgsMinimizer.Result min = tight.minimize(model, minima[lowest[c]].xyz());
            evaluations += min.iterations() + 1;
            double[] xyz = SdfPrecision.round(min.xyz());
            conformers.add(new ConformerEnsemble.Conformer(xyz, model.energy(xyz), p.value(), p.stdError(),
                    -state.kT() * Math.log(p.value()), members[c]));
        }
        conformers.sort(Comparator.comparingDouble(ConformerEnsemble.Conformer::population).reversed());
        return new Result(conformers, distinct.size(), evaluations);
    }

    /**
     * Puts each new minimum (in sample order) into {@code minima} and its conformer into {@code basin}, founding
     * conformers and counting distinct minima as needed; returns the energy evaluations the minimizations took.
     */
    private long assign(LbfgsMinimizer.Result[] found, LbfgsMinimizer.Result[] minima, int[] basin,
            List<Integer> founders, List<Integer> distinct) {
        long evaluations = 0;
        for (int i = 0; i < found.length; i++) {
            if (found[i] == null) {
                continue;
            }
            minima[i] = found[i];
            evaluations += found[i].iterations() + 1;
            basin[i] = match(minima, founders, i);
            if (basin[i] < 0) {
                basin[i] = founders.size();
                founders.add(i);
            }
            LbfgsMinimizer.Result minimum = found[i];
            if (distinct.stream().noneMatch(j -> same(minima[j], minimum))) {
                distinct.add(i);
            }
        }
        return evaluations;
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

    /** The torsion bins of one configuration as a key. */
    private String fingerprint(double[] xyz) {
        StringBuilder key = new StringBuilder();
        for (Dihedral d : rotatable) {
            double degrees = Math.toDegrees(d.value(xyz)) + 30;
            key.append((char) ('a' + Math.floorMod((int) Math.floor(degrees / 60), 6)));
        }
        for (Dihedral d : ring) {
            double degrees = Math.toDegrees(d.value(xyz));
            key.append(degrees < -RING_ZERO_DEGREES ? '-' : degrees > RING_ZERO_DEGREES ? '+' : '0');
        }
        return key.toString();
    }

    /** The chosen samples minimized, in parallel; null for the rest. */
    private LbfgsMinimizer.Result[] minimizeAll(EnergyModel model, double[][] samples, boolean[] chosen,
            LbfgsMinimizer minimizer) {
        LbfgsMinimizer.Result[] out = new LbfgsMinimizer.Result[samples.length];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LbfgsMinimizer.Result>> jobs = new ArrayList<>();
            for (int i = 0; i < samples.length; i++) {
                double[] start = samples[i];
                jobs.add(chosen[i] ? pool.submit(() -> {
                    deadline.check();
                    return minimizer.minimize(model, start);
                }) : null);
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
