package org.boltzflow.spark;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code boltzflow-spark}: the Spark jobs' command line. Run it with the {@code boltzflow-spark} launcher (local
 * Spark from the build) or with {@code spark-submit --class org.boltzflow.spark.SparkCommand boltzflow-spark.jar}.
 * Errors end in one line and exit code 1 (the stack trace with {@code BOLTZFLOW_DEBUG=1}).
 */
@Command(name = "boltzflow-spark", mixinStandardHelpOptions = true,
        description = "boltzflow jobs on Apache Spark: conformer libraries and distributed sampling.",
        subcommands = {ConformersJobCommand.class, SampleJobCommand.class})
public final class SparkCommand {
    /** The Spark master and application name every job takes. */
    static final class SparkOptions {
        @Option(names = "--master", description = "Spark master, e.g. local[2] (default: spark-submit's, or "
                + "local[*] when run directly).")
        String master;

        /** The session: the given master, spark-submit's, or all local cores. */
        SparkSession session(String name) {
            SparkSession.Builder builder = SparkSession.builder().appName("boltzflow " + name);
            if (master != null) {
                builder.master(master);
            } else if (System.getProperty("spark.master") == null) {
                builder.master("local[*]");
            }
            return builder.getOrCreate();
        }
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.err, true)));
    }

    /** Runs the command line; a failure is one line on {@code err} and exit code 1. */
    public static int run(String[] args, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkCommand());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (System.getenv("BOLTZFLOW_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            cmd.getErr().println("boltzflow-spark " + cmd.getCommandName() + ": error: " + message);
            return 1;
        });
        return cli.execute(args);
    }
}
