package org.boltzflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.boltzflow.flows.io.FileErrors;
import org.boltzflow.flows.io.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line's one error path: any failure, including a JVM {@code Error}, ends in one line on stderr,
 * {@code boltzflow <command>: <kind>: <input>: <reason>}, and an exit code by class: {@link #USAGE} (options that
 * cannot be parsed or are out of range), {@link #BAD_INPUT} (a file or setting that is malformed, inconsistent or
 * over a limit), {@link #IO} (the file system refused: no such file, permission denied, not a directory, disk
 * full) and {@link #INTERNAL} (anything else, including running out of memory). {@code --debug} (or
 * {@code BOLTZFLOW_DEBUG=1}) adds the stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Exit code of a failure that is not the input's fault, or a JVM error. */
    static final int INTERNAL = 1;
    /** Exit code of options that cannot be parsed or are out of range. */
    static final int USAGE = 2;
    /** Exit code of input files or settings that are malformed, inconsistent or over a limit. */
    static final int BAD_INPUT = 3;
    /** Exit code of file-system failures. */
    static final int IO = 4;

    private final boolean debugFromEnvironment = System.getenv("BOLTZFLOW_DEBUG") != null;
    private boolean debug;

    /** Shows stack traces (the {@code --debug} option). */
    void debug(boolean on) {
        debug = on;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        if (debug || debugFromEnvironment) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println(prefix(cmd) + "usage: " + oneLine(e.getMessage()) + " (see '" + qualifiedName(cmd)
                + " --help')");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        return report(e, cmd);
    }

    /** Reports any failure of {@code cmd}'s execution and returns its exit code. */
    int report(Throwable thrown, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (debug || debugFromEnvironment) {
            thrown.printStackTrace(err);
        }
        Throwable e = unwrap(thrown);
        int code;
        String text;
        if (e instanceof ParameterException usage) {
            return handleParseException(usage, new String[0]);
        } else if (e instanceof IllegalArgumentException) {
            code = BAD_INPUT;
            text = "bad input: " + messageOf(e);
        } else if (e instanceof IOException io) {
            code = IO;
            text = "i/o error: " + FileErrors.describe(io);
        } else if (e instanceof OutOfMemoryError) {
            code = INTERNAL;
            text = "out of memory (Java heap limit " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): "
                    + "the input or a size setting is too large for this machine; give the JVM more with "
                    + "BOLTZFLOW_JAVA_OPTS=-Xmx<size> or use smaller settings";
        } else if (e instanceof StackOverflowError) {
            code = INTERNAL;
            text = "internal error: stack overflow (an input nested or chained too deeply)";
        } else {
            code = INTERNAL;
            text = ownException(e) ? "error: " + messageOf(e)
                    : "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()) + (debug || debugFromEnvironment ? "" : " (--debug shows the stack trace)");
        }
        err.println(prefix(cmd) + oneLine(text));
        err.flush();
        return code;
    }

    /** The failure inside wrappers that only carry it (thread pools, reflection, unchecked I/O). */
    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while (current.getCause() != null && (current instanceof ExecutionException
                || current instanceof CompletionException || current instanceof UncheckedIOException
                || current instanceof InvocationTargetException || current instanceof CommandLine.ExecutionException
                || (current instanceof RuntimeException && current.getClass() == RuntimeException.class
                        && current.getCause() != null))) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean ownException(Throwable e) {
        return e.getClass().getName().startsWith("org.boltzflow.") && e.getMessage() != null;
    }

    private static String messageOf(Throwable e) {
        if (e instanceof InvalidInputException) {
            return e.getMessage();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String prefix(CommandLine cmd) {
        return qualifiedName(cmd) + ": ";
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }
}
