package org.boltzflow.cli;

import java.util.Arrays;
import org.boltzflow.flows.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;

/**
 * The {@code boltzflow} command line: one subcommand per job, one error path ({@link CliErrors}) with exit codes
 * 0 (success), 1 (internal), 2 (usage), 3 (bad input) and 4 (file system).
 */
@Command(name = "boltzflow", mixinStandardHelpOptions = true, version = "boltzflow 0.1.0",
        description = "Boltzmann generators: normalizing flows trained to sample molecular Boltzmann distributions.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error (a bug, or out of memory)",
            "2:usage: an option that cannot be parsed or is out of range",
            "3:bad input: a file or setting that is malformed, inconsistent or over a limit",
            "4:file system: no such file, permission denied, not a directory, disk full"},
        subcommands = {
            RunCommand.class,
            TrainCommand.class,
            SampleCommand.class,
            EstimateCommand.class,
            ScriptCommand.class,
            EnergyCommand.class,
            MdCommand.class,
            MinimizeCommand.class,
            ConformersCommand.class,
            ToyCommand.class,
            CylinderCommand.class,
            GlowCommand.class,
            TemperaturesCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BoltzflowCommand {
    private BoltzflowCommand() {}

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print the stack trace of a failure.")
    boolean debug;

    /**
     * {@code --verbose} on any command: the engines' log lines (DJL, PyTorch), which are hidden by default
     * ({@code simplelogger.properties}), are shown too. Set while parsing, before any engine starts.
     */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show the engines' log lines (DJL, PyTorch).")
    void verbose(boolean on) {
        if (on) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "info");
        }
    }

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", "true");
        CliErrors errors = new CliErrors();
        errors.debug(Arrays.asList(args).contains("--debug"));
        CommandLine commandLine = new CommandLine(new BoltzflowCommand());
        commandLine.registerConverter(double.class, new OptionValues.FiniteDouble())
                .registerConverter(Double.class, new OptionValues.FiniteDouble())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExecutionStrategy(parsed -> runCatchingErrors(parsed, errors));
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            return errors.report(e, commandLine);
        }
    }

    /** Runs the chosen subcommand; JVM errors, which picocli passes through, go to the same handler. */
    private static int runCatchingErrors(ParseResult parsed, CliErrors errors) {
        try {
            return new RunLast().execute(parsed);
        } catch (CommandLine.ExecutionException | CommandLine.ParameterException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            var commands = parsed.asCommandLineList();
            return errors.report(e, commands.get(commands.size() - 1));
        }
    }

    /** Starts the engine with the thread count a command was given. */
    static void startEngine(int threads) {
        Engines.init(threads);
    }
}
