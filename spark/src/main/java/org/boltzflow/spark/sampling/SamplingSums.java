package org.boltzflow.spark.sampling;

import java.io.Serializable;
import java.util.List;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.cv.State;

/**
 * The sufficient statistics of weighted flow samples, held as {@link ExactSum}s so that sums from any split of the
 * chunks merge to the same bits: the number of draws and of configurations, and the sums of the importance weights
 * and of their squares over all samples, over each state and over each profile bin of each dihedral.
 * <p>
 * A chunk's weights are {@code w = exp(log w - k ln 2)} with {@code k = ⌈max log w / ln 2⌉} of that chunk, summed in
 * sample order and added scaled by {@code 2^k}: an exact rescaling, so chunks of very different weights combine.
 */
public final class SamplingSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double LN2 = Math.log(2);

    private long draws;
    private long configurations;
    private long nonFinite;
    private final ExactSum weight = new ExactSum();
    private final ExactSum weightSquared = new ExactSum();
    private final ExactSum[] stateWeight;
    private final ExactSum[] stateWeightSquared;
    private final ExactSum[][] binWeight;
    private final ExactSum[][] binWeightSquared;

    /** Empty sums for {@code observables}. */
    public SamplingSums(Observables observables) {
        int states = observables.regions().size();
        stateWeight = sums(states);
        stateWeightSquared = sums(states);
        binWeight = new ExactSum[][] {sums(observables.bins()), sums(observables.bins())};
        binWeightSquared = new ExactSum[][] {sums(observables.bins()), sums(observables.bins())};
    }

    private static ExactSum[] sums(int n) {
        ExactSum[] s = new ExactSum[n];
        for (int i = 0; i < n; i++) {
            s[i] = new ExactSum();
        }
        return s;
    }

    /**
     * Adds one chunk: {@code draws} draws of which the configurations {@code xyz} (frames of {@code 3 * atoms}
     * values) were made, with their log weights ({@code -∞} for a non-finite energy).
     */
    public void addChunk(int draws, double[] xyz, int atoms, double[] logWeights, Observables observables) {
        this.draws += draws;
        configurations += logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeights) {
            if (lw == Double.NEGATIVE_INFINITY) {
                nonFinite++;
            } else if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("log weight " + lw + " in a chunk");
            } else {
                max = Math.max(max, lw);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return;
        }
        int k = (int) Math.ceil(max / LN2);
        Dihedral first = observables.dihedral(0);
        Dihedral second = observables.dihedral(1);
        List<State> regions = observables.regions();
        int bins = observables.bins();
        double w1 = 0;
        double w2 = 0;
        double[] s1 = new double[regions.size()];
        double[] s2 = new double[regions.size()];
        double[][] b1 = new double[2][bins];
        double[][] b2 = new double[2][bins];
        for (int i = 0; i < logWeights.length; i++) {
            double w = Math.exp(logWeights[i] - k * LN2);
            if (w == 0) {
                continue;
            }
            double ww = w * w;
            w1 += w;
            w2 += ww;
            double[] angles = {first.value(xyz, i * 3 * atoms), second.value(xyz, i * 3 * atoms)};
            for (int s = 0; s < s1.length; s++) {
                if (observables.contains(regions.get(s), angles[0], angles[1])) {
                    s1[s] += w;
                    s2[s] += ww;
                }
            }
            for (int d = 0; d < 2; d++) {
                int bin = observables.bin(angles[d]);
                b1[d][bin] += w;
                b2[d][bin] += ww;
            }
        }
        weight.add(w1, k);
        weightSquared.add(w2, 2 * k);
        for (int s = 0; s < s1.length; s++) {
            stateWeight[s].add(s1[s], k);
            stateWeightSquared[s].add(s2[s], 2 * k);
        }
        for (int d = 0; d < 2; d++) {
            for (int b = 0; b < bins; b++) {
                binWeight[d][b].add(b1[d][b], k);
                binWeightSquared[d][b].add(b2[d][b], 2 * k);
            }
        }
    }

    /** Adds {@code other}'s sums to these and returns these. */
    public SamplingSums merge(SamplingSums other) {
        draws += other.draws;
        configurations += other.configurations;
        nonFinite += other.nonFinite;
        weight.add(other.weight);
        weightSquared.add(other.weightSquared);
        for (int s = 0; s < stateWeight.length; s++) {
            stateWeight[s].add(other.stateWeight[s]);
            stateWeightSquared[s].add(other.stateWeightSquared[s]);
        }
        for (int d = 0; d < 2; d++) {
            for (int b = 0; b < binWeight[d].length; b++) {
                binWeight[d][b].add(other.binWeight[d][b]);
                binWeightSquared[d][b].add(other.binWeightSquared[d][b]);
            }
        }
        return this;
    }

    /** Draws made, including those the flow could not map to a configuration. */
    public long draws() {
        return draws;
    }

    /** Configurations made (draws minus invalid ones). */
    public long configurations() {
        return configurations;
    }

    /** Configurations whose energy or flow density was not finite (weight zero). */
    public long nonFinite() {
        return nonFinite;
    }

    /** Σ w over all configurations. */
    public ExactSum weight() {
        return weight;
    }

    /** Σ w² over all configurations. */
    public ExactSum weightSquared() {
        return weightSquared;
    }

    /** Σ w over the configurations in state {@code s}. */
    public ExactSum stateWeight(int s) {
        return stateWeight[s];
    }

    /** Σ w² over the configurations in state {@code s}. */
    public ExactSum stateWeightSquared(int s) {
        return stateWeightSquared[s];
    }

    /** Σ w over the configurations in bin {@code b} of dihedral {@code d}. */
    public ExactSum binWeight(int d, int b) {
        return binWeight[d][b];
    }

    /** Σ w² over the configurations in bin {@code b} of dihedral {@code d}. */
    public ExactSum binWeightSquared(int d, int b) {
        return binWeightSquared[d][b];
    }
}
