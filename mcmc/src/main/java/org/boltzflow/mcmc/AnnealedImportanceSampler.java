package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.Target;

/**
 * Annealed importance sampling (Neal 2001) from a normalized {@link Distribution} to any {@link Target} along the
 * geometric path, with {@code intermediate} distributions at {@code β_k = k / (intermediate + 1)}: at each level the
 * log weight gains {@code (β_k - β_{k-1}) (log p(x) - log q(x))} and each intermediate level applies
 * {@code transitionsPerLevel} steps of a kernel invariant for {@code π_β}. Batched over chains; seeded. Every temporary (including any the densities leave in their own managers) is
 * closed before {@link #run} returns.
 */
public final class AnnealedImportanceSampler {
    private final Distribution start;
    private final GeometricPath path;
    private final int intermediate;
    private final MarkovKernel kernel;
    private final int transitionsPerLevel;

    public AnnealedImportanceSampler(Distribution start, Target end, int intermediate, MarkovKernel kernel,
            int transitionsPerLevel) {
        if (intermediate < 0 || transitionsPerLevel < 1) {
            throw new IllegalArgumentException("need intermediate >= 0 and transitionsPerLevel >= 1, got "
                    + intermediate + ", " + transitionsPerLevel);
        }
        this.start = start;
        this.path = new GeometricPath(start, end);
        this.intermediate = intermediate;
        this.kernel = kernel;
        this.transitionsPerLevel = transitionsPerLevel;
    }

    /** Runs {@code n} chains; the returned points live in {@code manager}. */
    public AisResult run(NDManager manager, int n, long seed) {
        double[] logWeights = new double[n];
        double acceptance = 0;
        long evaluations = 0;
        NDManager level = manager.newSubManager();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Sample sample = start.sample(level, n, Rng.derive(seed, 0));
            PathState state = path.evaluate(sample.x(), kernel.needsGradient(), level);
            evaluations += n;
            int levels = intermediate + 1;
            for (int k = 1; k <= levels; k++) {
                double step = 1.0 / levels;
                accumulate(logWeights, state, step);
                if (k < levels) {
                    NDManager next = manager.newSubManager();
                    state = Chain.run(path, (double) k / levels, kernel, state, transitionsPerLevel,
                            Rng.derive(seed, k), next);
                    level.close();
                    level = next;
                    acceptance += state.acceptance() / intermediate;
                    evaluations += (long) n * transitionsPerLevel * evaluationsPerTransition();
                }
            }
            NDArray x = state.x();
            x.attach(manager);
            NDScope.unregister(x);
            return new AisResult(x, logWeights, intermediate == 0 ? Double.NaN : acceptance, evaluations);
        } finally {
            level.close();
        }
    }

    private int evaluationsPerTransition() {
        return kernel instanceof Hmc hmc ? hmc.leapfrogSteps() : 1;
    }

    private static void accumulate(double[] logWeights, PathState state, double step) {
        double[] difference = state.logEnd().sub(state.logStart()).toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < logWeights.length; i++) {
            if (Double.isNaN(difference[i]) || difference[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("AIS chain " + i + ": log p - log q is " + difference[i]
                        + " (the end or start density returned a non-finite value)");
            }
            logWeights[i] += step * difference[i];
        }
    }
}
