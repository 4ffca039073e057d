package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The output of annealed importance sampling: final points {@code (n, dim)} (detached), their log weights with
 * respect to the end density (after resampling, scaled by the mean weights resampled away, so that their mean
 * still estimates Z), the mean acceptance of the transitions, how many end-density evaluations (one per point per
 * call) the run took, the number of levels it passed through and how often it resampled (0 for plain AIS).
 */
public record AisResult(NDArray x, double[] logWeights, double meanAcceptance, long endEvaluations, int levels,
        int resamplings) {
    /**
     * log Z of the end density (the start is normalized), with the delta-method standard error of the final
     * weights' mean (after resampling it leaves out the variance of the earlier factors).
     */
    public Estimate logZ() {
        return ImportanceWeights.logZ(logWeights);
    }

    /** Kish's effective sample size as a fraction of the number of chains. */
    public double essFraction() {
        return ImportanceWeights.kishFraction(logWeights);
    }
}
