package org.boltzflow.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C into a request to stop: a long command polls {@link #requested()}, leaves its loop, writes what it
 * has, and closes the guard; the JVM waits (up to a minute) for that before exiting.
 */
final class InterruptGuard implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::awaitFinish, "boltzflow-interrupt");

    InterruptGuard() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether Ctrl-C (or another shutdown signal) asked the command to stop. */
    boolean requested() {
        return requested.get();
    }

    private void awaitFinish() {
        requested.set(true);
        try {
            finished.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        finished.countDown();
        if (!requested.get()) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }
}
