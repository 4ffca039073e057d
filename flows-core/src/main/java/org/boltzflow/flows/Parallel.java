package org.boltzflow.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Independent tasks 0..n-1 on a few threads, their results in task order: with each task seeded by its index, the
 * results do not depend on the thread count.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * The results of {@code task} for 0..{@code count - 1}, computed on up to {@code threads} threads (one: on the
     * caller's thread), in task order; {@code done} sees each result on the caller's thread, in task order, as soon
     * as it and those before it are finished. A task's exception is rethrown as it is, the tasks not yet started
     * cancelled.
     */
    public static <T> List<T> map(int count, int threads, IntFunction<T> task, Consumer<? super T> done) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        List<T> results = new ArrayList<>(count);
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int i = 0; i < count; i++) {
                T result = task.apply(i);
                done.accept(result);
                results.add(result);
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "boltzflow-parallel");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> running = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                running.add(pool.submit(() -> task.apply(index)));
            }
            for (Future<T> future : running) {
                T result = future.get();
                done.accept(result);
                results.add(result);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parallel tasks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
