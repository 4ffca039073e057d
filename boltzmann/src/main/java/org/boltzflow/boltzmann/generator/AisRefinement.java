package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Parallel;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Target;
import org.boltzflow.mcmc.AisResult;
import org.boltzflow.mcmc.AnnealingSchedule;
import org.boltzflow.mcmc.Hmc;
import org.boltzflow.mcmc.LatentTarget;
import org.boltzflow.mcmc.MarkovKernel;
import org.boltzflow.mcmc.PeriodicCoordinates;
import org.boltzflow.mcmc.RandomWalkMetropolis;
import org.boltzflow.mcmc.SequentialMonteCarlo;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The optional refinement of a trained flow by annealed importance sampling or sequential Monte Carlo in its latent
 * space: chains start from the flow's base, move along the geometric path to the Boltzmann density pulled back
 * through the flow ({@link LatentTarget}) with random-walk Metropolis or Hamiltonian Monte Carlo steps, and end
 * as configurations with log weights. The local moves relax what the flow gets slightly wrong (bond and angle
 * strain) before weighting, as stochastic normalizing flows and FAB do; SMC also resamples the chains when their
 * weights degenerate ({@link SequentialMonteCarlo}). Chains run in chunks of 2,000, side by side on the threads
 * given, chunk {@code c} seeded by {@code Rng.derive(seed, c)} and resampled only within itself, so results do not
 * depend on the thread count; each chunk's weights carry its own log Z factors, so the pooled weights estimate Z.
 */
public final class AisRefinement {
    private static final int CHUNK = 2000;
    private static final int SPREAD_DRAW = 10_000;

    private AisRefinement() {}

    /**
     * {@code samples} chains (0: no refinement) through {@code levels} intermediate densities, {@code transitions}
     * Markov steps at each: {@code kernel} {@code rwm} (random-walk Metropolis) or {@code hmc} (Hamiltonian Monte
     * Carlo with {@code leapfrogSteps} leapfrog steps, gradients through the flow and the forces), of size
     * {@code stepSize} in units of each latent coordinate's spread; {@code method} {@code ais}, or {@code smc} to
     * resample the chains of a chunk whenever their ESS fraction falls below {@code resampleBelow};
     * {@code conditionalEss} above 0 replaces the {@code levels} equal steps by adaptive ones that keep each step's
     * conditional ESS at that fraction. A run refines only when its flow's reverse ESS fraction is below
     * {@code whenEssBelow} (1: always).
     */
    public record Settings(int samples, int levels, int transitions, double stepSize, String method,
            double resampleBelow, double conditionalEss, String kernel, int leapfrogSteps, double whenEssBelow) {
        /** Checks the ranges. */
        public Settings {
            if (samples < 0 || levels < 1 || transitions < 1 || !(stepSize > 0) || !Double.isFinite(stepSize)) {
                throw new IllegalArgumentException("ais samples must be >= 0, levels and transitions >= 1, "
                        + "stepSize a finite number > 0");
            }
            if (!"ais".equals(method) && !"smc".equals(method)) {
                throw new IllegalArgumentException("ais method must be ais or smc, got '" + method + "'");
            }
            if (!(resampleBelow > 0 && resampleBelow <= 1) || !(conditionalEss >= 0 && conditionalEss < 1)) {
                throw new IllegalArgumentException("ais resampleBelow must be in (0, 1] and conditionalEss in [0, 1) "
                        + "(0: fixed levels)");
            }
            if (!"rwm".equals(kernel) && !"hmc".equals(kernel)) {
                throw new IllegalArgumentException("ais kernel must be rwm or hmc, got '" + kernel + "'");
            }
            if (leapfrogSteps < 1) {
                throw new IllegalArgumentException("ais leapfrogSteps must be >= 1, got " + leapfrogSteps);
            }
            if (!(whenEssBelow > 0 && whenEssBelow <= 1)) {
                throw new IllegalArgumentException("ais whenEssBelow must be in (0, 1] (1: always), got "
                        + whenEssBelow);
            }
        }

        /** Plain AIS with {@code levels} equal steps of random-walk Metropolis. */
        public Settings(int samples, int levels, int transitions, double stepSize) {
            this(samples, levels, transitions, stepSize, "ais", 0.5, 0, "rwm", 1, 1);
        }

        /** Whether a flow whose reverse ESS fraction is {@code flowEss} is to be refined. */
        public boolean refines(double flowEss) {
            return samples > 0 && (whenEssBelow >= 1 || flowEss < whenEssBelow);
        }

        /** The Markov kernel with per-dimension {@code stepSizes}. */
        MarkovKernel markovKernel(double[] stepSizes) {
            return "hmc".equals(kernel) ? new Hmc(leapfrogSteps, stepSizes) : new RandomWalkMetropolis(stepSizes);
        }

        /** The sampler these settings describe, from {@code start} to {@code end}. */
        SequentialMonteCarlo sampler(Distribution start, Target end, MarkovKernel kernel) {
            AnnealingSchedule schedule = conditionalEss > 0 ? AnnealingSchedule.adaptive(conditionalEss)
                    : AnnealingSchedule.fixed(levels + 1);
            return new SequentialMonteCarlo(start, end, schedule, kernel, transitions,
                    "smc".equals(method) ? resampleBelow : 0);
        }
    }

    /**
     * Configurations ({@code 3 * atoms} values each, nm) and their log weights; a chain whose weight is zero (it
     * met a point of density zero) is left out and counted in {@code dropped}. {@code levels} is the mean number of
     * annealing steps per chunk, {@code resamplings} the resampling steps of all chunks together.
     */
    public record Result(int atoms, double[] xyz, double[] logWeights, double acceptance, long energyEvaluations,
            int dropped, double levels, int resamplings) {
        /** The Kish ESS as a fraction of all chains, the dropped ones included. */
        public double ess() {
            return logWeights.length == 0 ? 0 : ImportanceWeights.kishFraction(logWeights) * logWeights.length
                    / (logWeights.length + dropped);
        }

        /**
         * The number of distinct configurations: resampling copies chains, and copies that no later move separated
         * are one configuration (their Kish ESS counts them apart, so compare it with this).
         */
        public int distinct() {
            int frame = 3 * atoms;
            Set<DoubleBuffer> seen = new HashSet<>();
            for (int i = 0; i < logWeights.length; i++) {
                seen.add(DoubleBuffer.wrap(xyz, i * frame, frame));
            }
            return seen.size();
        }

        /** log Z of the target relative to the flow, over all chains (the dropped ones have weight zero). */
        public double logZ() {
            return ImportanceWeights.logZ(logWeights).value()
                    + Math.log((double) logWeights.length / (logWeights.length + dropped));
        }
    }

    /**
     * Runs {@code settings.samples()} AIS or SMC chains from {@code flow}'s base to {@code target} (log p in data
     * space); {@code latentDomains} (one per latent coordinate) name the circular ones, across whose boundary the
     * chains move as on a torus ({@link PeriodicCoordinates}). Random-walk chunks run on up to {@code threads}
     * threads; Hamiltonian ones one after another (their gradients pass through the flow's shared parameters).
     * {@code progress} hears of each chunk's chains when it and the chunks before it are done.
     */
    public static Result run(NormalizingFlow flow, Target target, List<Domain> latentDomains, int atoms,
            Settings settings, long seed, int threads, IntConsumer progress) {
        LatentTarget latent = new LatentTarget(flow, target);
        PeriodicCoordinates torus = PeriodicCoordinates.of(latentDomains);
        double[] steps = stepSizes(flow, settings.stepSize(), seed);
        int n = settings.samples();
        int chunks = (n + CHUNK - 1) / CHUNK;
        int workers = "hmc".equals(settings.kernel()) ? 1 : threads;
        List<Chunk> done = Parallel.map(chunks, workers, c -> {
            SequentialMonteCarlo sampler = settings.sampler(torus.wrapping(flow.base()), torus.wrapping(latent),
                    settings.markovKernel(steps));
            return Chunk.run(sampler, latent, torus, Math.min(CHUNK, n - c * CHUNK), Rng.derive(seed, c));
        }, chunk -> progress.accept(chunk.size()));
        double acceptance = 0;
        long evaluations = 0;
        int dropped = 0;
        int levels = 0;
        int resamplings = 0;
        for (Chunk chunk : done) {
            acceptance += chunk.acceptance() * chunk.size() / n;
            evaluations += chunk.evaluations();
            dropped += chunk.dropped();
            levels += chunk.levels();
            resamplings += chunk.resamplings();
        }
        return new Result(atoms, done.stream().flatMapToDouble(c -> Arrays.stream(c.xyz())).toArray(),
                done.stream().flatMapToDouble(c -> Arrays.stream(c.logWeights())).toArray(), acceptance,
                evaluations, dropped, chunks == 0 ? 0 : (double) levels / chunks, resamplings);
    }

    /**
     * One chunk's chains: the configurations and log weights of those with a weight, and the chunk's counts.
     */
    private record Chunk(int size, double[] xyz, double[] logWeights, int dropped, double acceptance,
            long evaluations, int levels, int resamplings) {
        static Chunk run(SequentialMonteCarlo sampler, LatentTarget latent, PeriodicCoordinates torus, int size,
                long seed) {
            try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
                scope.suppressNotUsedWarning();
                AisResult r = sampler.run(manager, size, seed);
                long[] weighted = IntStream.range(0, size)
                        .filter(i -> r.logWeights()[i] != Double.NEGATIVE_INFINITY).asLongStream().toArray();
                double[] logWeights = Arrays.stream(weighted).mapToDouble(i -> r.logWeights()[(int) i]).toArray();
                // a chain with a weight was at a point the flow maps at every level, its end point included
                double[] xyz = weighted.length == 0 ? new double[0]
                        : latent.toData(torus.wrap(r.x().get(new NDIndex("{}", manager.create(weighted)))))
                                .toDoubleArray();
                return new Chunk(size, xyz, logWeights, size - weighted.length, r.meanAcceptance(),
                        r.endEvaluations(), r.levels(), r.resamplings());
            }
        }
    }

    /**
     * Per-dimension random-walk steps: {@code stepSize} times each latent coordinate's spread under the base (1 for a
     * standard normal, π/√3 for an angle uniform on the circle), measured on a seeded draw.
     */
    private static double[] stepSizes(NormalizingFlow flow, double stepSize, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray draw = flow.base().sample(manager, SPREAD_DRAW, Rng.derive(seed, -1)).x().toType(DataType.FLOAT64,
                    false);
            double[] spread = draw.sub(draw.mean(new int[] {0})).square().mean(new int[] {0}).sqrt().toDoubleArray();
            for (int i = 0; i < spread.length; i++) {
                spread[i] *= stepSize;
            }
            return spread;
        }
    }
}
