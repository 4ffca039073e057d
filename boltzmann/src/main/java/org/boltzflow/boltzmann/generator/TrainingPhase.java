package org.boltzflow.boltzmann.generator;

/**
 * One phase of a Boltzmann generator's training: {@code steps} optimizer steps of one objective on batches of
 * {@code batch}, the learning rate falling from {@code learningRate} to {@code finalLearningRate} on a half cosine
 * (equal values: constant).
 * <ul>
 *   <li>{@link Objective#FORWARD_KL}: maximum likelihood on reference frames.</li>
 *   <li>{@link Objective#REVERSE}: against the (regularized) energy, reverse KL for {@code alpha} 1, otherwise the
 *       reverse alpha-divergence of order {@code alpha} (2: mass-covering, its minimum maximizes the ESS), plus
 *       {@code forwardWeight} times forward KL on reference frames (0 needs no frames).</li>
 *   <li>{@link Objective#WEIGHTED_FORWARD_KL}: forward KL to the Boltzmann density on the flow's own draws, each
 *       weighted by its self-normalized importance weight (its gradient uses the energy's values, not the forces);
 *       for a flow whose ESS is already substantial, as after forward KL on reference frames.</li>
 *   <li>{@link Objective#FAB}: flow-annealed importance sampling bootstrap with a prioritized replay buffer
 *       ({@link FabSettings}), from the energy alone.</li>
 * </ul>
 */
public record TrainingPhase(Objective objective, long steps, int batch, double learningRate,
        double finalLearningRate, double alpha, double forwardWeight, FabSettings fab) {

    /** What a phase minimizes. */
    public enum Objective {
        FORWARD_KL("forward-kl"), WEIGHTED_FORWARD_KL("weighted-forward-kl"), REVERSE("reverse"), FAB("fab");

        private final String label;

        Objective(String label) {
            this.label = label;
        }

        /** The name used in training histories and reports. */
        public String label() {
            return label;
        }
    }

    /**
     * FAB's settings: AIS from the flow to {@code p²/q} through {@code levels} intermediate densities with
     * {@code transitions} random-walk Metropolis steps of {@code stepSize} (internal-coordinate latent units) each,
     * run every {@code updatesPerAis} steps into a buffer of {@code bufferSize} points; importance corrections are
     * clipped at {@code maxWeightAdjust}.
     */
    public record FabSettings(int levels, int transitions, double stepSize, int bufferSize, int updatesPerAis,
            double maxWeightAdjust) {
        /** Checks the ranges. */
        public FabSettings {
            if (levels < 1 || transitions < 1 || !(stepSize > 0) || bufferSize < 2 || updatesPerAis < 1
                    || !(maxWeightAdjust > 0)) {
                throw new IllegalArgumentException("fab needs levels, transitions, updatesPerAis >= 1, bufferSize "
                        + ">= 2, stepSize and maxWeightAdjust > 0");
            }
        }
    }

    /** Checks the ranges. */
    public TrainingPhase {
        if (objective == null || steps < 0 || batch < 1 || !(learningRate > 0) || !(finalLearningRate > 0)
                || !Double.isFinite(learningRate) || !Double.isFinite(finalLearningRate)) {
            throw new IllegalArgumentException("a training phase needs steps >= 0, batch >= 1 and finite learning "
                    + "rates > 0");
        }
        if (!(forwardWeight >= 0) || !Double.isFinite(forwardWeight)) {
            throw new IllegalArgumentException("a training phase needs a finite forwardWeight >= 0");
        }
        if (objective == Objective.REVERSE && (!(alpha > 0) || !Double.isFinite(alpha))) {
            throw new IllegalArgumentException("a reverse phase needs a finite alpha > 0 (1: reverse KL)");
        }
        if (objective == Objective.FAB && fab == null) {
            throw new IllegalArgumentException("a FAB phase needs its settings");
        }
    }

    /** Forward KL on reference frames, learning rate cosine-decayed from {@code learningRate} to 5% of it. */
    public static TrainingPhase forwardKl(long steps, int batch, double learningRate) {
        return new TrainingPhase(Objective.FORWARD_KL, steps, batch, learningRate, 0.05 * learningRate, 1, 0, null);
    }

    /**
     * Forward KL on the flow's own importance-weighted draws against the energy plus {@code forwardWeight} times
     * forward KL on reference frames (0 needs no frames), learning rate cosine-decayed from {@code learningRate} to
     * 5% of it.
     */
    public static TrainingPhase weightedForwardKl(long steps, int batch, double learningRate, double forwardWeight) {
        return new TrainingPhase(Objective.WEIGHTED_FORWARD_KL, steps, batch, learningRate, 0.05 * learningRate, 1,
                forwardWeight, null);
    }

    /**
     * Reverse KL ({@code alpha} 1) or the reverse alpha-divergence against the energy at a constant learning rate,
     * with {@code forwardWeight} times forward KL on reference frames.
     */
    public static TrainingPhase reverse(long steps, int batch, double alpha, double learningRate,
            double forwardWeight) {
        return new TrainingPhase(Objective.REVERSE, steps, batch, learningRate, learningRate, alpha, forwardWeight,
                null);
    }

    /** FAB with a replay buffer, learning rate cosine-decayed from {@code learningRate} to 5% of it. */
    public static TrainingPhase fab(long steps, int batch, double learningRate, FabSettings settings) {
        return new TrainingPhase(Objective.FAB, steps, batch, learningRate, 0.05 * learningRate, 1, 0, settings);
    }

    /** Whether this phase reads reference frames. */
    public boolean needsReference() {
        return objective == Objective.FORWARD_KL || forwardWeight > 0;
    }

    /** The learning rate of step {@code t} (0-based) of this phase. */
    public double learningRateAt(long t) {
        double progress = Math.min(1.0, (double) t / Math.max(1, steps));
        return finalLearningRate + (learningRate - finalLearningRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
