package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The output of annealed importance sampling: final points {@code (n, dim)} (detached), their log weights with
 * respect to the end density, the mean acceptance of the transitions, and how many end-density evaluations
 * (one per point per call) the run took.
 */
public record AisResult(NDArray x, double[] logWeights, double meanAcceptance, long endEvaluations) {
    /** log Z of the end density (the start is normalized), with its delta-method standard error. */
    public Estimate logZ() {
        return ImportanceWeights.logZ(logWeights);
    }

    /** Kish's effective sample size as a fraction of the number of chains. */
    public double essFraction() {
        return ImportanceWeights.kishFraction(logWeights);
    }
}
