package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.Target;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * Sequential Monte Carlo along the geometric path from a normalized {@link Distribution} to any {@link Target}
 * (Del Moral, Doucet and Jasra 2006): particles drawn from the start move through the levels of an
 * {@link AnnealingSchedule}; at each level their log weights gain {@code Δβ (log p(x) − log q(x))}, and, while
 * β &lt; 1, the particles are resampled ({@link Resampling#systematic}) whenever the Kish ESS fraction of their
 * weights falls below {@code resampleBelow}, then take {@code transitionsPerLevel} steps of a kernel invariant for
 * {@code π_β}. Each resampling multiplies the running estimate of Z by the mean weight before it and resets the
 * weights to one; the returned log weights carry that product, so their mean estimates Z (they are properly
 * weighted) and weights from independent runs can be pooled. With {@code resampleBelow = 0} no particle is ever
 * resampled: this is annealed importance sampling. Batched over particles; seeded (the start from
 * {@code (seed, 0)}, level k's moves from {@code (seed, k)}, its resampling from {@code (seed, −1 − k)}). Every
 * temporary (including any the densities leave in their own managers) is closed before {@link #run} returns.
 */
public final class SequentialMonteCarlo {
    private final Distribution start;
    private final GeometricPath path;
    private final AnnealingSchedule schedule;
    private final MarkovKernel kernel;
    private final int transitionsPerLevel;
    private final double resampleBelow;

    /** SMC with {@code transitionsPerLevel >= 1} kernel steps per level, resampling below ESS {@code resampleBelow}. */
    public SequentialMonteCarlo(Distribution start, Target end, AnnealingSchedule schedule, MarkovKernel kernel,
            int transitionsPerLevel, double resampleBelow) {
        if (transitionsPerLevel < 1 || !(resampleBelow >= 0 && resampleBelow <= 1)) {
            throw new IllegalArgumentException("need transitionsPerLevel >= 1 and resampleBelow in [0, 1], got "
                    + transitionsPerLevel + ", " + resampleBelow);
        }
        this.start = start;
        this.path = new GeometricPath(start, end);
        this.schedule = schedule;
        this.kernel = kernel;
        this.transitionsPerLevel = transitionsPerLevel;
        this.resampleBelow = resampleBelow;
    }

    /** Runs {@code n} particles; the returned points live in {@code manager}. */
    public AisResult run(NDManager manager, int n, long seed) {
        double[] logWeights = new double[n];
        double logZResampled = 0;
        int resamplings = 0;
        double acceptance = 0;
        int moves = 0;
        long evaluations = 0;
        NDManager level = manager.newSubManager();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Sample sample = start.sample(level, n, Rng.derive(seed, 0));
            PathState state = path.evaluate(sample.x(), kernel.needsGradient(), level);
            evaluations += n;
            double beta = 0;
            int k = 0;
            while (beta < 1) {
                k++;
                double[] difference = difference(state);
                AnnealingSchedule.Level next = schedule.next(k, beta, logWeights, difference);
                for (int i = 0; i < n; i++) {
                    logWeights[i] += next.step() * difference[i];
                }
                beta = next.beta();
                if (beta < 1) {
                    if (resampleBelow > 0 && ImportanceWeights.kishFraction(logWeights) < resampleBelow) {
                        logZResampled += ImportanceWeights.logZ(logWeights).value();
                        state = state.rows(Resampling.systematic(logWeights, Rng.derive(seed, -1 - k)));
                        Arrays.fill(logWeights, 0);
                        resamplings++;
                    }
                    NDManager moved = manager.newSubManager();
                    state = Chain.run(path, beta, kernel, state, transitionsPerLevel, Rng.derive(seed, k), moved);
                    level.close();
                    level = moved;
                    acceptance += state.acceptance();
                    moves++;
                    evaluations += (long) n * transitionsPerLevel * evaluationsPerTransition();
                }
            }
            if (resamplings > 0) {
                for (int i = 0; i < n; i++) {
                    logWeights[i] += logZResampled;
                }
            }
            NDArray x = state.x();
            x.attach(manager);
            NDScope.unregister(x);
            return new AisResult(x, logWeights, moves == 0 ? Double.NaN : acceptance / moves, evaluations, k,
                    resamplings);
        } finally {
            level.close();
        }
    }

    private int evaluationsPerTransition() {
        return kernel instanceof Hmc hmc ? hmc.leapfrogSteps() : 1;
    }

    /** {@code log p − log q} per particle; NaN or +∞ (a broken density) is refused naming the particle. */
    private static double[] difference(PathState state) {
        double[] difference = state.logEnd().sub(state.logStart()).toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < difference.length; i++) {
            if (Double.isNaN(difference[i]) || difference[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("AIS chain " + i + ": log p - log q is " + difference[i]
                        + " (the end or start density returned a non-finite value)");
            }
        }
        return difference;
    }
}
