package org.boltzflow.mcmc;

import ai.djl.ndarray.NDManager;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Target;

/**
 * Annealed importance sampling (Neal 2001) from a normalized {@link Distribution} to any {@link Target} along the
 * geometric path, with {@code intermediate} distributions at {@code β_k = k / (intermediate + 1)}: at each level the
 * log weight gains {@code (β_k - β_{k-1}) (log p(x) - log q(x))} and each intermediate level applies
 * {@code transitionsPerLevel} steps of a kernel invariant for {@code π_β}. It is {@link SequentialMonteCarlo} on a
 * {@link AnnealingSchedule#fixed fixed} schedule that never resamples. Batched over chains; seeded; every temporary
 * is closed before {@link #run} returns.
 */
public final class AnnealedImportanceSampler {
    private final SequentialMonteCarlo smc;

    public AnnealedImportanceSampler(Distribution start, Target end, int intermediate, MarkovKernel kernel,
            int transitionsPerLevel) {
        if (intermediate < 0 || transitionsPerLevel < 1) {
            throw new IllegalArgumentException("need intermediate >= 0 and transitionsPerLevel >= 1, got "
                    + intermediate + ", " + transitionsPerLevel);
        }
        this.smc = new SequentialMonteCarlo(start, end, AnnealingSchedule.fixed(intermediate + 1), kernel,
                transitionsPerLevel, 0);
    }

    /** Runs {@code n} chains; the returned points live in {@code manager}. */
    public AisResult run(NDManager manager, int n, long seed) {
        return smc.run(manager, n, seed);
    }
}
