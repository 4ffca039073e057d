package org.boltzflow.cli;

import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from a command into one clear line on stderr and exit code 1; the stack trace only with
 * {@code BOLTZFLOW_DEBUG=1}.
 */
final class CliErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        if (System.getenv("BOLTZFLOW_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        String message = e instanceof NoSuchFileException missing ? "no such file: " + missing.getFile()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("boltzflow " + cmd.getCommandName() + ": error: " + message);
        return 1;
    }
}
