package org.boltzflow.boltzmann.cv;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.RegionFreeEnergy;

/**
 * Configurations with importance log weights from any sampler (a flow with its weights, AIS end points, or MD with
 * all log weights zero), and what a user estimates from them along collective variables, each with a seeded
 * bootstrap error bar: the effective sample size, state populations, ΔF between states and 1D/2D free-energy
 * surfaces. Correlated samples in time order (MD) are resampled in contiguous blocks ({@link #inBlocks}). Example:
 * <pre>{@code
 * CvDefinition cvs = CvDefinition.read(Path.of("data/alanine-dipeptide/phi-psi.json"), topology);
 * WeightedEnsemble e = WeightedEnsemble.of(CoordinateFiles.read(dcd, topology), logWeights);
 * Estimate dF = e.deltaF(cvs.state("C7eq/beta"), cvs.state("alphaR"), ThermodynamicState.at(300), 1L);
 * }</pre>
 */
public final class WeightedEnsemble {
    private static final int REPLICATES = 200;
    /** Frames of a trajectory whose variables are computed at once: a bound on the packed copy they need. */
    private static final int CHUNK = 8192;
    private final Function<CollectiveVariable, double[]> compute; // a variable's values over all samples
    private final int atoms;
    private final double[] logWeights;
    private final double[] weights;
    private final int blocks;
    private final Map<CollectiveVariable, double[]> values = new HashMap<>();

    private WeightedEnsemble(Function<CollectiveVariable, double[]> compute, int atoms, double[] logWeights,
            int blocks) {
        this.compute = compute;
        this.atoms = atoms;
        this.logWeights = logWeights;
        this.weights = ImportanceWeights.normalized(logWeights);
        this.blocks = blocks;
    }

    /**
     * Configurations of {@code atoms} atoms stored one after another in {@code xyz} (nm), with log weights
     * {@code logWeights} (one per configuration; null for equal weights). NaN or +∞ log weights are refused.
     */
    public static WeightedEnsemble of(double[] xyz, int atoms, double[] logWeights) {
        if (atoms <= 0 || xyz.length % (3 * atoms) != 0 || xyz.length == 0) {
            throw new IllegalArgumentException(xyz.length + " coordinates are not whole frames of " + atoms
                    + " atoms");
        }
        int n = xyz.length / (3 * atoms);
        return new WeightedEnsemble(cv -> cv.values(xyz, atoms), atoms, checkedLogWeights(logWeights, n), n);
    }

    /**
     * The frames of {@code samples} with log weights {@code logWeights} (null for equal weights); variables are
     * computed a chunk of frames at a time, so a long trajectory is never copied whole.
     */
    public static WeightedEnsemble of(Trajectory samples, double[] logWeights) {
        int atoms = samples.atomCount();
        int n = samples.frameCount();
        if (atoms <= 0 || n == 0) {
            throw new IllegalArgumentException(3 * atoms * n + " coordinates are not whole frames of " + atoms
                    + " atoms");
        }
        return new WeightedEnsemble(cv -> valuesInChunks(samples, cv), atoms, checkedLogWeights(logWeights, n), n);
    }

    private static double[] checkedLogWeights(double[] logWeights, int n) {
        double[] lw = logWeights == null ? new double[n] : logWeights.clone();
        if (lw.length != n) {
            throw new IllegalArgumentException(lw.length + " log weights for " + n + " samples");
        }
        return lw;
    }

    private static double[] valuesInChunks(Trajectory frames, CollectiveVariable cv) {
        int n = frames.frameCount();
        double[] all = new double[n];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            System.arraycopy(cv.values(frames.flatten(from, to), frames.atomCount()), 0, all, from, to - from);
        }
        return all;
    }

    /** The frames of {@code samples} with plain (non-negative, not all zero) weights. */
    public static WeightedEnsemble ofWeights(Trajectory samples, double[] weights) {
        if (weights.length != samples.frameCount()) {
            throw new IllegalArgumentException(weights.length + " weights for " + samples.frameCount() + " samples");
        }
        double[] lw = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " is " + weights[i]
                        + "; weights must be finite and >= 0");
            }
            lw[i] = Math.log(weights[i]);
        }
        return of(samples, lw);
    }

    /**
     * The same samples with error bars from a block bootstrap over {@code count} contiguous blocks, for correlated
     * samples in time order such as MD frames.
     */
    public WeightedEnsemble inBlocks(int count) {
        if (count < 2 || count > size()) {
            throw new IllegalArgumentException("blocks must be between 2 and the " + size() + " samples, got "
                    + count);
        }
        return new WeightedEnsemble(compute, atoms, logWeights, count);
    }

    /** The number of samples. */
    public int size() {
        return logWeights.length;
    }

    /** The number of atoms per configuration. */
    public int atoms() {
        return atoms;
    }

    /** The log weights (a copy). */
    public double[] logWeights() {
        return logWeights.clone();
    }

    /** The values of {@code cv} over the samples (computed once per variable). */
    public double[] values(CollectiveVariable cv) {
        if (cv.maxAtom() >= atoms) {
            throw new IllegalArgumentException("collective variable " + cv.name() + " reads atom " + cv.maxAtom()
                    + ", but the samples have " + atoms + " atoms");
        }
        return values.computeIfAbsent(cv, compute).clone();
    }

    /** For each sample, whether it lies in {@code state}. */
    public boolean[] members(State state) {
        return state.members(this::values, size());
    }

    /** Kish's effective sample size as a fraction of the samples, with a bootstrap error. */
    public Estimate essFraction(long seed) {
        return ImportanceWeights.reverseEss(logWeights, seed);
    }

    /** The weighted probability of each state, by name, with bootstrap errors. */
    public Map<String, Estimate> populations(List<State> states, long seed) {
        boolean[][] in = new boolean[states.size()][];
        for (int s = 0; s < in.length; s++) {
            in[s] = members(states.get(s));
        }
        Estimate[] p = Bootstrap.estimateEach(size(), blocks, REPLICATES, seed, idx -> {
            double[] mass = new double[in.length];
            double total = 0;
            for (int i : idx) {
                total += weights[i];
                for (int s = 0; s < in.length; s++) {
                    mass[s] += in[s][i] ? weights[i] : 0;
                }
            }
            for (int s = 0; s < in.length; s++) {
                mass[s] /= total;
            }
            return mass;
        });
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (int s = 0; s < in.length; s++) {
            out.put(states.get(s).name(), p[s]);
        }
        return out;
    }

    /**
     * ΔF = F(a) - F(b) = -kT ln(P_a / P_b) in kJ/mol at {@code state}'s temperature, with a bootstrap error; NaN ± NaN
     * if a state holds no weighted sample, and an infinite error if some resample leaves one empty.
     */
    public Estimate deltaF(State a, State b, ThermodynamicState state, long seed) {
        boolean[] inA = members(a);
        boolean[] inB = members(b);
        return RegionFreeEnergy.defined(logWeights, inA, inB)
                ? RegionFreeEnergy.bootstrap(logWeights, inA, inB, state.kT(), blocks, REPLICATES, seed)
                : new Estimate(Double.NaN, Double.NaN);
    }

    /** The default axis of {@code cv}: the circle if periodic, else the range of its values over the samples. */
    public Axis axis(CollectiveVariable cv, int bins) {
        if (cv.periodic()) {
            return Axis.circle(cv, bins);
        }
        double[] v = values(cv);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            low = Math.min(low, x);
            high = Math.max(high, x);
        }
        if (!(high > low)) {
            high = low + 1e-6;
        }
        return new Axis(cv, low, high, bins);
    }

    /** The free-energy profile along one axis (kJ/mol at {@code state}'s temperature, minimum 0). */
    public FreeEnergySurface pmf(ThermodynamicState state, Axis axis, long seed) {
        return surface(state, List.of(axis), bins(axis), seed);
    }

    /** The free-energy surface on the grid of two axes (kJ/mol at {@code state}'s temperature, minimum 0). */
    public FreeEnergySurface pmf(ThermodynamicState state, Axis x, Axis y, long seed) {
        int[] bx = bins(x);
        int[] by = bins(y);
        int[] cell = new int[size()];
        for (int i = 0; i < cell.length; i++) {
            cell[i] = bx[i] < 0 || by[i] < 0 ? -1 : bx[i] * y.bins() + by[i];
        }
        return surface(state, List.of(x, y), cell, seed);
    }

    private int[] bins(Axis axis) {
        double[] v = values(axis.variable());
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = axis.bin(v[i]);
        }
        return out;
    }

    private FreeEnergySurface surface(ThermodynamicState state, List<Axis> axes, int[] cell, long seed) {
        int cells = axes.stream().mapToInt(Axis::bins).reduce(1, (a, b) -> a * b);
        double[] probability = histogram(cell, cells, identity());
        double total = 0;
        int lowest = -1;
        for (int k = 0; k < cells; k++) {
            total += probability[k];
            lowest = probability[k] > 0 && (lowest < 0 || probability[k] > probability[lowest]) ? k : lowest;
        }
        if (lowest < 0) {
            throw new IllegalArgumentException("no weighted sample lies on the grid of "
                    + axes.stream().map(a -> a.variable().name()).toList());
        }
        for (int k = 0; k < cells; k++) {
            probability[k] /= total;
        }
        int reference = lowest;
        double kT = state.kT();
        Estimate[] free = Bootstrap.estimateEach(size(), blocks, REPLICATES, seed, idx -> {
            double[] mass = histogram(cell, cells, idx);
            double[] f = new double[cells];
            for (int k = 0; k < cells; k++) {
                f[k] = mass[k] > 0 && mass[reference] > 0 ? -kT * Math.log(mass[k] / mass[reference]) : Double.NaN;
            }
            return f;
        });
        return new FreeEnergySurface(axes, probability, free);
    }

    private double[] histogram(int[] cell, int cells, int[] idx) {
        double[] mass = new double[cells];
        for (int i : idx) {
            if (cell[i] >= 0) {
                mass[cell[i]] += weights[i];
            }
        }
        return mass;
    }

    private int[] identity() {
        int[] all = new int[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
