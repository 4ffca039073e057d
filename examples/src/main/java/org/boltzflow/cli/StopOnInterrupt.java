package org.boltzflow.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) into a polite stop request for long jobs: a shutdown hook raises {@link #flag()},
 * then waits (up to two minutes) until the job says it has written its checkpoint by closing this object.
 */
final class StopOnInterrupt implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnInterrupt() {
        hook = new Thread(() -> {
            stop.set(true);
            System.err.println("\nboltzflow: interrupted, writing a checkpoint before exiting...");
            try {
                finished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "boltzflow-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once a stop was requested. */
    AtomicBoolean flag() {
        return stop;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook is running and will return now
        }
    }
}
