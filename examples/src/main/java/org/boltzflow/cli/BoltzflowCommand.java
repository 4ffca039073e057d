package org.boltzflow.cli;

import org.boltzflow.flows.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code boltzflow} command line: one subcommand per job. */
@Command(name = "boltzflow", mixinStandardHelpOptions = true, version = "boltzflow 0.1.0",
        description = "Boltzmann generators: normalizing flows trained to sample molecular Boltzmann distributions.",
        subcommands = {
            RunCommand.class,
            TrainCommand.class,
            SampleCommand.class,
            EstimateCommand.class,
            ScriptCommand.class,
            EnergyCommand.class,
            MdCommand.class,
            MinimizeCommand.class,
            ToyCommand.class,
            CylinderCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BoltzflowCommand {
    private BoltzflowCommand() {}

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", "true");
        return new CommandLine(new BoltzflowCommand())
                .setExecutionExceptionHandler(new CliErrors())
                .execute(args);
    }

    /** Starts the engine with the thread count a command was given. */
    static void startEngine(int threads) {
        Engines.init(threads);
    }
}
