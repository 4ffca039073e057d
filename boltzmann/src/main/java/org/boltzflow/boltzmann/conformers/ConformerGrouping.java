package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.LbfgsMinimizer;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.flows.Parallel;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Groups weighted samples into conformers. Samples are first binned by a torsion fingerprint (each rotatable
 * torsion in one of six 60-degree bins centred on 0, 60, ..., 300 degrees; each ring torsion negative, near zero or
 * positive); the three lowest-energy samples of each fingerprint are minimized (L-BFGS on the energy model), and if
 * their minima fall in one conformer that conformer takes every sample of the fingerprint, else every sample of it
 * is minimized. Minima are merged greedily by energy: the lowest minimum founds the first conformer, and each
 * minimum in order of increasing energy joins the lowest-energy representative within the heavy-atom RMSD threshold
 * (symmetry-aware), else founds a new conformer; the result does not depend on the order of the samples. A
 * conformer's population is the weight of its samples; its error is the spread over a block bootstrap (contiguous
 * blocks of samples, for correlated MD frames). Each conformer's coordinates are its representative (lowest) minimum,
 * minimized again tightly.
 */
final class ConformerGrouping {
    private static final double FINAL_TOLERANCE = 0.01;
    private static final int MAX_ITERATIONS = 5000;
    /** Samples of one fingerprint minimized first; if their minima fall in different conformers, all are. */
    private static final int PROBES = 3;
    /** Ring torsions within this many degrees of zero fall in the middle bin. */
    private static final double RING_ZERO_DEGREES = 30;
    /** Minima closer in energy than this (kJ/mol) and 0.01 nm in RMSD are the same point. */
    private static final double SAME_ENERGY = 0.01;

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
        double[] energies = new double[samples.length];
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < samples.length; i++) {
            if (weights[i] > 0) {
                energies[i] = model.energy(samples[i]);
                groups.computeIfAbsent(fingerprint(samples[i]), key -> new ArrayList<>()).add(i);
            }
        }
        long evaluations = groups.values().stream().mapToInt(List::size).sum();
        Comparator<Integer> canonical = Comparator.<Integer>comparingDouble(i -> energies[i])
                .thenComparing((i, j) -> Arrays.compare(samples[i], samples[j]));
        boolean[] probe = new boolean[samples.length];
        for (List<Integer> members : groups.values()) {
            members.sort(canonical);
            members.subList(0, Math.min(PROBES, members.size())).forEach(i -> probe[i] = true);
        }
        LbfgsMinimizer minimizer = new LbfgsMinimizer(tolerance, MAX_ITERATIONS);
        LbfgsMinimizer.Result[] minima = minimizeAll(model, samples, probe, minimizer);
        int[] basin = cluster(minima).basin();
        boolean[] rest = new boolean[samples.length];
        for (List<Integer> members : groups.values()) {
            List<Integer> probes = members.subList(0, Math.min(PROBES, members.size()));
            boolean agree = probes.stream().allMatch(i -> basin[i] == basin[probes.get(0)]);
            members.subList(probes.size(), members.size()).forEach(i -> rest[i] = !agree);
        }
        LbfgsMinimizer.Result[] more = minimizeAll(model, samples, rest, minimizer);
        for (int i = 0; i < samples.length; i++) {
            minima[i] = rest[i] ? more[i] : minima[i];
            evaluations += minima[i] == null ? 0 : minima[i].iterations() + 1;
        }
        Clusters clusters = cluster(minima);
        int[] conformerOf = clusters.basin();
        for (List<Integer> members : groups.values()) {
            members.forEach(i -> conformerOf[i] = minima[i] == null ? conformerOf[members.get(0)] : conformerOf[i]);
        }
        int count = clusters.representatives().size();
        int[] members = new int[count];
        for (int c : conformerOf) {
            if (c >= 0) {
                members[c]++;
            }
        }
        List<ConformerEnsemble.Conformer> conformers = new ArrayList<>();
        LbfgsMinimizer tight = new LbfgsMinimizer(FINAL_TOLERANCE, MAX_ITERATIONS);
        for (int c = 0; c < count; c++) {
            int cluster = c;
            Estimate p = Bootstrap.estimate(blocks, replicates, seed, idx -> population(weights, conformerOf, cluster,
                    idx, blocks));
            deadline.check();
            LbfgsMinimizer.Result min = tight.minimize(model, minima[clusters.representatives().get(c)].xyz());
            evaluations += min.iterations() + 1;
            double[] xyz = SdfPrecision.round(min.xyz());
            conformers.add(new ConformerEnsemble.Conformer(xyz, model.energy(xyz), p.value(), p.stdError(),
                    -state.kT() * Math.log(p.value()), members[c]));
        }
        conformers.sort(Comparator.comparingDouble(ConformerEnsemble.Conformer::population).reversed());
        return new Result(conformers, clusters.distinct(), evaluations);
    }

    /** The conformer of every minimized sample (-1 for the rest), the representative minima, distinct minima. */
    private record Clusters(int[] basin, List<Integer> representatives, int distinct) {}

    /**
     * Greedy merging by energy, independent of the samples' order: the minima are taken by increasing energy (ties
     * by coordinates); one that is the same point as an earlier minimum joins its conformer, else it joins the
     * lowest-energy representative within the RMSD threshold, else it becomes the representative of a new conformer.
     */
    private Clusters cluster(LbfgsMinimizer.Result[] minima) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < minima.length; i++) {
            if (minima[i] != null) {
                order.add(i);
            }
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> minima[i].energy())
                .thenComparing((i, j) -> Arrays.compare(minima[i].xyz(), minima[j].xyz())));
        int[] basin = new int[minima.length];
        Arrays.fill(basin, -1);
        List<Integer> representatives = new ArrayList<>();
        List<Integer> distinct = new ArrayList<>();
        for (int i : order) {
            for (int d = distinct.size() - 1; d >= 0 && basin[i] < 0
                    && minima[i].energy() - minima[distinct.get(d)].energy() < SAME_ENERGY; d--) {
                basin[i] = same(minima[distinct.get(d)], minima[i]) ? basin[distinct.get(d)] : -1;
            }
            if (basin[i] < 0) {
                distinct.add(i);
                for (int c = 0; c < representatives.size() && basin[i] < 0; c++) {
                    basin[i] = symmetry.rmsd(minima[representatives.get(c)].xyz(), minima[i].xyz()) < rmsdThreshold
                            ? c : -1;
                }
                if (basin[i] < 0) {
                    basin[i] = representatives.size();
                    representatives.add(i);
                }
            }
        }
        return new Clusters(basin, representatives, distinct.size());
    }

    /** Whether two minima are the same point: energies within 0.01 kJ/mol and heavy-atom RMSD below 0.01 nm. */
    private boolean same(LbfgsMinimizer.Result a, LbfgsMinimizer.Result b) {
        return Math.abs(a.energy() - b.energy()) < SAME_ENERGY && symmetry.rmsd(a.xyz(), b.xyz()) < 0.01;
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
        return Parallel.map(samples.length, threads, i -> {
            if (!chosen[i]) {
                return null;
            }
            deadline.check();
            return minimizer.minimize(model, samples[i]);
        }, result -> { }).toArray(new LbfgsMinimizer.Result[0]);
    }
}
