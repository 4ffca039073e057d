package org.boltzflow.boltzmann.conformers;

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

    /** Every sample followed by its mirror image. */
    static double[][] interleave(double[][] samples) {
        double[][] out = new double[2 * samples.length][];
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = samples[i];
            out[2 * i + 1] = of(samples[i]);
        }
        return out;
    }

    /** Every value twice in a row: the values of the samples of {@link #interleave}. */
    static double[] twice(double[] values) {
        double[] out = new double[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = values[i];
            out[2 * i + 1] = values[i];
        }
        return out;
    }
}
