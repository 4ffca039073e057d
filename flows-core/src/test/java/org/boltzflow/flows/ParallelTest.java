package org.boltzflow.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void resultsAndCallbacksComeInTaskOrderWhateverFinishesFirst() {
        for (int threads : new int[] {1, 2, 4}) {
            List<Integer> heard = new ArrayList<>();
            Set<String> workers = ConcurrentHashMap.newKeySet();
            // task 0 is the slowest, so with several threads the later ones finish before it
            List<Integer> results = Parallel.map(5, threads, i -> {
                workers.add(Thread.currentThread().getName());
                sleep(i == 0 ? 200 : 10);
                return i * i;
            }, heard::add);
            assertEquals(List.of(0, 1, 4, 9, 16), results);
            assertEquals(results, heard);
            assertEquals(threads == 1 ? Set.of(Thread.currentThread().getName()) : Set.of("boltzflow-parallel"),
                    workers);
        }
    }

    @Test
    void aTasksExceptionReachesTheCallerAsItIs() {
        IllegalArgumentException thrown = new IllegalArgumentException("task 2 failed");
        for (int threads : new int[] {1, 2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Parallel.map(4, threads, i -> {
                        if (i == 2) {
                            throw thrown;
                        }
                        return i;
                    }, r -> {}));
            assertSame(thrown, e);
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.map(1, 0, i -> i, r -> {}));
        assertEquals(List.of(), Parallel.map(0, 2, i -> i, r -> {}));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
