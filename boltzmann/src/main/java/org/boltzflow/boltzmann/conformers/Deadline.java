package org.boltzflow.boltzmann.conformers;

import java.util.Locale;

/**
 * A time limit for one conformer search, checked cooperatively between its stages, replica-exchange blocks and
 * minimizations: {@link #check()} throws {@link Exceeded} once the limit has passed, so the search stops at the next
 * check and no thread is killed.
 */
public final class Deadline {
    private static final Deadline NONE = new Deadline(Double.POSITIVE_INFINITY, Long.MAX_VALUE);
    private final double seconds;
    private final long end;

    private Deadline(double seconds, long end) {
        this.seconds = seconds;
        this.end = end;
    }

    /** No limit. */
    public static Deadline none() {
        return NONE;
    }

    /** A limit of {@code seconds} (positive) from now; infinity gives {@link #none()}. */
    public static Deadline after(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a time limit must be positive, got " + seconds + " s");
        }
        if (Double.isInfinite(seconds)) {
            return NONE;
        }
        long nanos = (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        return new Deadline(seconds, System.nanoTime() + nanos);
    }

    /** Throws {@link Exceeded} if the limit has passed. */
    public void check() {
        if (end != Long.MAX_VALUE && System.nanoTime() - end >= 0) {
            throw new Exceeded(seconds);
        }
    }

    /** A search stopped at its time limit; the message says "timed out after N s". */
    public static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded(double seconds) {
            super(String.format(Locale.ROOT, "timed out after %s s", new java.math.BigDecimal(Double.toString(seconds))
                    .stripTrailingZeros().toPlainString()));
        }
    }
}
