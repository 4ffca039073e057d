package org.boltzflow.mcmc.estimators;

/**
 * The free-energy difference between two regions of configuration space from weighted samples,
 * {@code ΔF = F_A - F_B = -kT ln(P_A / P_B)} with {@code P} the self-normalized weighted fraction of samples in each
 * region. The error is the delta-method one, {@code kT √(Σ w̄² (a/P_A - b/P_B)²)}; {@link #bootstrap} gives the
 * bootstrap alternative.
 */
public final class RegionFreeEnergy {
    private RegionFreeEnergy() {}

    /**
     * Whether both regions hold at least one sample of non-zero normalized weight (weights far below the largest
     * underflow to zero), i.e. whether ΔF is defined; callers that
     * must not fail on rare regions check this first and report ΔF as undefined otherwise.
     */
    public static boolean defined(double[] logWeights, boolean[] inA, boolean[] inB) {
        checkLengths(logWeights.length, inA, inB);
        double[] w = ImportanceWeights.normalized(logWeights);
        boolean a = false;
        boolean b = false;
        for (int i = 0; i < w.length; i++) {
            boolean weighted = w[i] > 0;
            a |= weighted && inA[i];
            b |= weighted && inB[i];
        }
        return a && b;
    }

    /** ΔF in the units of {@code kT}; {@code inA[i]}, {@code inB[i]} say whether sample i lies in each region. */
    public static Estimate delta(double[] logWeights, boolean[] inA, boolean[] inB, double kT) {
        double[] w = ImportanceWeights.normalized(logWeights);
        checkLengths(w.length, inA, inB);
        double pA = 0;
        double pB = 0;
        for (int i = 0; i < w.length; i++) {
            pA += inA[i] ? w[i] : 0;
            pB += inB[i] ? w[i] : 0;
        }
        if (pA == 0 || pB == 0) {
            throw new IllegalArgumentException("region " + (pA == 0 ? "A" : "B") + " holds no weighted sample");
        }
        double variance = 0;
        for (int i = 0; i < w.length; i++) {
            double influence = (inA[i] ? 1 / pA : 0) - (inB[i] ? 1 / pB : 0);
            variance += w[i] * w[i] * influence * influence;
        }
        return new Estimate(-kT * Math.log(pA / pB), kT * Math.sqrt(variance));
    }

    /**
     * ΔF with a seeded bootstrap error bar instead of the delta-method one. If some resample leaves a region without
     * weighted samples (a rare region), ΔF of that resample is undefined and the error bar is reported as infinite.
     */
    public static Estimate bootstrap(double[] logWeights, boolean[] inA, boolean[] inB, double kT, int replicates,
            long seed) {
        return bootstrap(logWeights, inA, inB, kT, logWeights.length, replicates, seed);
    }

    /**
     * {@link #bootstrap} over {@code blocks} contiguous blocks, for correlated samples in time order (MD). The weights
     * are normalized once over all samples and each resample sums them per region; a resample whose region sums
     * underflow on that common scale (weights hundreds of kT below the largest) is recomputed from its own log weights.
     */
    public static Estimate bootstrap(double[] logWeights, boolean[] inA, boolean[] inB, double kT, int blocks,
            int replicates, long seed) {
        checkLengths(logWeights.length, inA, inB);
        double[] w = ImportanceWeights.normalized(logWeights);
        boolean[] undefinedResample = {false};
        Estimate estimate = Bootstrap.estimate(logWeights.length, blocks, replicates, seed, idx -> {
            double pA = 0;
            double pB = 0;
            for (int i : idx) {
                pA += inA[i] ? w[i] : 0;
                pB += inB[i] ? w[i] : 0;
            }
            if (pA > 0 && pB > 0) {
                return -kT * Math.log(pA / pB);
            }
            boolean[] a = new boolean[idx.length];
            boolean[] b = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                a[i] = inA[idx[i]];
                b[i] = inB[idx[i]];
            }
            double[] picked = Bootstrap.pick(logWeights, idx);
            if (!defined(picked, a, b)) {
                undefinedResample[0] = true;
                return 0;
            }
            return delta(picked, a, b, kT).value();
        });
        return undefinedResample[0] ? new Estimate(estimate.value(), Double.POSITIVE_INFINITY) : estimate;
    }

    /**
     * {@link #bootstrap} where ΔF is {@link #defined}, else an undefined estimate (NaN ± NaN): for callers that
     * report ΔF of regions that may be empty rather than fail.
     */
    public static Estimate bootstrapIfDefined(double[] logWeights, boolean[] inA, boolean[] inB, double kT,
            int replicates, long seed) {
        return defined(logWeights, inA, inB) ? bootstrap(logWeights, inA, inB, kT, replicates, seed)
                : new Estimate(Double.NaN, Double.NaN);
    }

    private static void checkLengths(int n, boolean[] inA, boolean[] inB) {
        if (inA.length != n || inB.length != n) {
            throw new IllegalArgumentException("region masks have " + inA.length + " and " + inB.length
                    + " entries for " + n + " samples");
        }
    }
}
