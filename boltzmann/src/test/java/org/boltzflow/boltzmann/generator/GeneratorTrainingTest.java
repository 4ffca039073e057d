package org.boltzflow.boltzmann.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratorTrainingTest {
    @Test
    void boostedFramesArePickedInProportionToTheirWeights() {
        double[] cumulative = {1, 3, 6}; // weights 1, 2, 3
        assertEquals(0, GeneratorTraining.picked(cumulative, 0.0));
        assertEquals(1, GeneratorTraining.picked(cumulative, 1.0 / 6)); // exactly on a running sum: the next frame
        assertEquals(1, GeneratorTraining.picked(cumulative, 0.49));
        assertEquals(2, GeneratorTraining.picked(cumulative, 0.5));
        assertEquals(2, GeneratorTraining.picked(cumulative, Math.nextDown(1.0)));
        int[] counts = new int[3];
        SplittableRandom random = new SplittableRandom(3);
        int draws = 600_000;
        for (int i = 0; i < draws; i++) {
            counts[GeneratorTraining.picked(cumulative, random.nextDouble())]++;
        }
        for (int k = 0; k < 3; k++) {
            double expected = (k + 1) / 6.0;
            double sigma = Math.sqrt(expected * (1 - expected) / draws);
            assertEquals(expected, counts[k] / (double) draws, 5 * sigma);
        }
    }
}
