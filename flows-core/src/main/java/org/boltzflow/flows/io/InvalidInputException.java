package org.boltzflow.flows.io;

/**
 * Input that cannot be used as given: a malformed or oversized file, or a value out of range. The message is one
 * line, {@code source[:line]: reason}, where the source is a file, an option or a setting. Readers throw this (or a
 * subclass) for anything wrong with their input, and nothing else; a command line reports it as bad input.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    /** Input from {@code source} (a file, an option, a setting) that is wrong for {@code reason}. */
    public InvalidInputException(String source, String reason) {
        this(source, 0, reason, null);
    }

    /** Input from {@code source} at one-based {@code line} (0: no line) that is wrong for {@code reason}. */
    public InvalidInputException(String source, int line, String reason) {
        this(source, line, reason, null);
    }

    /** As {@link #InvalidInputException(String, int, String)}, keeping the low-level {@code cause}. */
    public InvalidInputException(String source, int line, String reason, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** A message already in the {@code source: reason} form, from a reader that composes its own. */
    protected InvalidInputException(String message) {
        super(message);
        this.source = "";
        this.line = 0;
        this.reason = message;
    }

    /** The file, option or setting the input came from ({@code ""} when only the message names it). */
    public String source() {
        return source;
    }

    /** The one-based line within the source, or 0. */
    public int line() {
        return line;
    }

    /** What is wrong, without the source. */
    public String reason() {
        return reason;
    }
}
