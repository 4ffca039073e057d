package org.boltzflow.report;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar for long work (on stderr, so stdout stays clean for results): count, rate per second,
 * elapsed time, ETA and a short message such as the current loss. When the output is not a terminal (a log file,
 * a pipe) the bar becomes a plain line every {@value #LOG_INTERVAL_SECONDS} s (when work was done since the last) and one at the end. Close it when
 * the work ends.
 */
public final class Progress implements AutoCloseable {
    /** Seconds between two progress lines when the output is not a terminal. */
    static final int LOG_INTERVAL_SECONDS = 15;

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
        return start(task, done, total, unit, stream, System.console() != null);
    }

    /**
     * As {@link #start(String, long, long, String, PrintStream)}, redrawn in place on a {@code terminal}, else
     * written as periodic lines.
     */
    static Progress start(String task, long done, long total, String unit, PrintStream stream, boolean terminal) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .startsFrom(done, Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS).setMaxRenderedLength(120);
        if (terminal) {
            builder.setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(stream));
        } else {
            builder.setUpdateIntervalMillis(LOG_INTERVAL_SECONDS * 1000)
                    .setConsumer(new DelegatingProgressBarConsumer(new LineWriter(stream), 120));
        }
        return new Progress(builder.build());
    }

    /** One unit done, with {@code message} shown after the bar. */
    public void step(String message) {
        bar.setExtraMessage(" " + message);
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

    /** Writes each rendering as a line, except one equal to the line before (the bar renders again on closing). */
    private static final class LineWriter implements Consumer<String> {
        private final PrintStream stream;
        private String last = "";

        LineWriter(PrintStream stream) {
            this.stream = stream;
        }

        @Override
        public void accept(String rendered) {
            String line = rendered.strip();
            if (!line.equals(last)) {
                stream.println(line);
                last = line;
            }
        }
    }
}
