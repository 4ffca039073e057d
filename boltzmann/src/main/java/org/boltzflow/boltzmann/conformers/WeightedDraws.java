package org.boltzflow.boltzmann.conformers;

import org.boltzflow.boltzmann.md.ReplicaExchange;

/**
 * The configurations a conformer search groups: each with its log weight (-∞: weight zero) and MMFF94 energy, the
 * number of invalid draws, and the flow stage that drew them (null for MD frames).
 *
 * @param samples configurations (nm)
 * @param logWeights unnormalized log weights; -∞ for a changed stereochemistry or a non-finite energy
 * @param energies MMFF94 energies (kJ/mol)
 * @param invalid draws weighted zero, and flow draws left out because no configuration corresponds to them
 * @param flow the flow stage, or null
 */
record WeightedDraws(double[][] samples, double[] logWeights, double[] energies, int invalid,
        ConformerEnsemble.FlowStage flow) {

    /** Weighted MD frames, those whose stereochemistry changed weighted zero. */
    static WeightedDraws ofFrames(ReplicaExchange.Pooled frames, StereoCheck stereo) {
        double[] logWeights = frames.logWeights().clone();
        return new WeightedDraws(frames.samples(), logWeights, frames.energies(),
                stereo.zeroChanged(frames.samples(), logWeights), null);
    }

    /** Whether every configuration has weight zero. */
    boolean allInvalid() {
        for (double w : logWeights) {
            if (w > Double.NEGATIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }
}
