package org.boltzflow.examples.alanine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GeneratorTrainingTest {
    @Test
    void drawTableListsEveryFrameOnceAndFavouredFramesWeightTimes() {
        boolean[] favoured = {false, true, false, false, true};
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 1, 1, 4, 4}, GeneratorTraining.drawTable(favoured, 3));
    }

    @Test
    void drawTableOfWeightOneIsTheIdentity() {
        assertArrayEquals(new int[] {0, 1, 2}, GeneratorTraining.drawTable(new boolean[] {true, false, true}, 1));
    }
}
