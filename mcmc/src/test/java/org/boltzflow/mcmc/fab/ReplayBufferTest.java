package org.boltzflow.mcmc.fab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    @Test
    void drawsProportionallyToWeightAndEvictsTheOldest() {
        ReplayBuffer buffer = new ReplayBuffer(3, 1);
        assertThrows(IllegalStateException.class, () -> buffer.sample(1, 0L));
        buffer.add(new double[] {10, 20}, new double[] {0, Math.log(3)}, new double[] {-1, -2});
        int[] counts = new int[2];
        for (int i : buffer.sample(40_000, 1L)) {
            counts[i]++;
        }
        assertEquals(0.25, counts[0] / 40_000.0, 0.01);
        buffer.add(new double[] {30, 40}, new double[] {0, 0}, new double[] {-3, -4});
        assertEquals(3, buffer.size());
        // the oldest point (10) was overwritten by 40
        assertArrayEquals(new double[] {40, 20, 30}, buffer.points(new int[] {0, 1, 2}));
        assertArrayEquals(new double[] {-4, -2, -3}, buffer.logQ(new int[] {0, 1, 2}));
    }

    @Test
    void reweightingUpdatesARepeatedIndexOnce() {
        ReplayBuffer buffer = new ReplayBuffer(4, 2);
        buffer.add(new double[] {1, 2, 3, 4}, new double[] {0, 0}, new double[] {-1, -1});
        buffer.reweight(new int[] {1, 1}, new double[] {Math.log(9), Math.log(9)}, new double[] {-5, -5});
        assertArrayEquals(new double[] {-1, -5}, buffer.logQ(new int[] {0, 1}));
        int[] counts = new int[2];
        for (int i : buffer.sample(20_000, 2L)) {
            counts[i]++;
        }
        assertEquals(0.9, counts[1] / 20_000.0, 0.01);
    }
}
