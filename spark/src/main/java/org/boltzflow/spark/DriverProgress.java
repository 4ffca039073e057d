package org.boltzflow.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A driver thread that prints a job's progress every few seconds while it runs, and once when closed:
 * {@code label: done/total unit, failed, rate per second}. The counts come from Spark accumulators, which the
 * driver sees as tasks finish.
 */
public final class DriverProgress implements AutoCloseable {
    private final String label;
    private final String unit;
    private final LongSupplier total;
    private final LongSupplier done;
    private final LongSupplier failed;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final Thread thread;

    /** Starts printing every {@code seconds}; {@code failed} may be null when nothing can fail. */
    public DriverProgress(String label, String unit, LongSupplier total, LongSupplier done, LongSupplier failed,
            PrintStream out, double seconds) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.done = done;
        this.failed = failed;
        this.out = out;
        this.thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep((long) (seconds * 1000));
                    out.println(line());
                }
            } catch (InterruptedException stop) {
                // closed
            }
        }, "boltzflow-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** The progress line now. */
    public String line() {
        double elapsed = (System.nanoTime() - start) / 1e9;
        long d = done.getAsLong();
        long t = total.getAsLong();
        return String.format(Locale.ROOT, "%s: %d%s %s%s, %.2f %s/s, %.0f s", label, d, t > 0 ? "/" + t : "", unit,
                failed == null ? "" : ", " + failed.getAsLong() + " failed", d / Math.max(elapsed, 1e-9), unit,
                elapsed);
    }

    @Override
    public void close() {
        thread.interrupt();
        out.println(line());
    }
}
