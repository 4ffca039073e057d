package org.boltzflow.cli;

import picocli.CommandLine.Command;

/** {@code boltzflow bench}: side-by-side benchmarks, reported as ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks measured side by side in one run and reported as ratios.",
        subcommands = {BenchFlowsCommand.class, BenchMcmcCommand.class, BenchAmberCommand.class,
            BenchSoakCommand.class, BenchTrainCommand.class})
final class BenchCommand {}
