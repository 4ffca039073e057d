package org.boltzflow.boltzmann.conformers;

import org.boltzflow.boltzmann.md.ReplicaExchange;

/**
 * Samples symmetrized under reflection: each configuration followed by its mirror image {@code x -> -x}, which has
 * the same energy and therefore the same Boltzmann weight when the molecule has no tetrahedral centre (see
 * {@link StereoCheck#reflectionSymmetric()}). A sample and its mirror image stay next to each other, so contiguous
 * blocks of the bootstrap keep them together.
 */
final class MirrorImages {
    private MirrorImages() {}

    /** The mirror image of one configuration (x negated). */
    static double[] of(double[] xyz) {
        double[] out = xyz.clone();
        for (int k = 0; k < out.length; k += 3) {
            out[k] = -out[k];
        }
        return out;
    }

    /** Every sample followed by its mirror image, with the same energy and log weight. */
    static ReplicaExchange.Pooled interleave(ReplicaExchange.Pooled pooled) {
        int n = pooled.samples().length;
        double[][] samples = new double[2 * n][];
        double[] energies = new double[2 * n];
        double[] logWeights = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            samples[i] = i % 2 == 0 ? pooled.samples()[i / 2] : of(pooled.samples()[i / 2]);
            energies[i] = pooled.energies()[i / 2];
            logWeights[i] = pooled.logWeights()[i / 2];
        }
        return new ReplicaExchange.Pooled(samples, energies, logWeights);
    }
}
