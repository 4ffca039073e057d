package org.boltzflow.mcmc.fab;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * FAB's prioritized replay buffer, held in plain Java arrays (no NDArray outlives a training step): the newest
 * {@code capacity} AIS points with their log AIS weights and the flow's log-density when they were stored or last
 * reweighted. Points are drawn with replacement, with probability proportional to their weight.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int dim;
    private final double[] points;
    private final double[] logWeights;
    private final double[] logQ;
    private int size;
    private int next;

    public ReplayBuffer(int capacity, int dim) {
        if (capacity < 1 || dim < 1) {
            throw new IllegalArgumentException("capacity and dim must be positive, got " + capacity + ", " + dim);
        }
        this.capacity = capacity;
        this.dim = dim;
        this.points = new double[capacity * dim];
        this.logWeights = new double[capacity];
        this.logQ = new double[capacity];
    }

    public int size() {
        return size;
    }

    /** Adds rows of {@code x} (row-major, {@code n × dim}), overwriting the oldest entries when full. */
    public void add(double[] x, double[] logWeight, double[] logQNow) {
        int n = logWeight.length;
        if (x.length != n * dim || logQNow.length != n) {
            throw new IllegalArgumentException("buffer rows: " + x.length + " coordinates, " + n + " weights, "
                    + logQNow.length + " log q for dim " + dim);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * dim, points, next * dim, dim);
            logWeights[next] = logWeight[i];
            logQ[next] = logQNow[i];
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
        }
    }

    /** {@code n} indices drawn with replacement, proportionally to the stored weights. */
    public int[] sample(int n, long seed) {
        if (size == 0) {
            throw new IllegalStateException("the replay buffer is empty");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logWeights[i]);
        }
        double[] cumulative = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            total += Math.exp(logWeights[i] - max);
            cumulative[i] = total;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            int found = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            idx[j] = Math.min(found >= 0 ? found : -found - 1, size - 1);
        }
        return idx;
    }

    /** The stored points at {@code idx}, row-major. */
    public double[] points(int[] idx) {
        double[] out = new double[idx.length * dim];
        for (int j = 0; j < idx.length; j++) {
            System.arraycopy(points, idx[j] * dim, out, j * dim, dim);
        }
        return out;
    }

    /** The flow's stored log-densities at {@code idx}. */
    public double[] logQ(int[] idx) {
        double[] out = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            out[j] = logQ[idx[j]];
        }
        return out;
    }

    /**
     * After a step at a newer flow: adds {@code logWeightChange} to each entry's log weight and stores its new log q;
     * an index drawn several times is updated once.
     */
    public void reweight(int[] idx, double[] logWeightChange, double[] newLogQ) {
        boolean[] done = new boolean[size];
        for (int j = 0; j < idx.length; j++) {
            if (!done[idx[j]]) {
                done[idx[j]] = true;
                logWeights[idx[j]] += logWeightChange[j];
                logQ[idx[j]] = newLogQ[j];
            }
        }
    }
}
