package org.boltzflow.report;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar for long work (on stderr, so stdout stays clean for results): count, rate per second,
 * elapsed time, ETA and a short message such as the current loss. Close it when the work ends.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar titled {@code task} for {@code total} units named {@code unit} (e.g. "steps"), drawn on stderr. */
    public static Progress start(String task, long total, String unit) {
        return start(task, 0, total, unit, System.err);
    }

    /** As {@link #start(String, long, String)} for work resumed with {@code done} units already done. */
    public static Progress resume(String task, long done, long total, String unit) {
        return start(task, done, total, unit, System.err);
    }

    /** A bar for {@code total} units of which {@code done} are already done, drawn on {@code stream}. */
    public static Progress start(String task, long done, long total, String unit, PrintStream stream) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(done, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(250).setMaxRenderedLength(120)
                .setConsumer(new ConsoleProgressBarConsumer(stream)).build();
        return new Progress(bar);
    }

    /** One unit done, with {@code message} shown after the bar. */
    public void step(String message) {
        bar.setExtraMessage(message);
        bar.step();
    }

    /** {@code units} more done (safe to call from several threads). */
    public void advance(long units) {
        bar.stepBy(units);
    }

    /** Time since the bar started. */
    public Duration elapsed() {
        return bar.getTotalElapsed();
    }

    @Override
    public void close() {
        bar.close();
    }
}
