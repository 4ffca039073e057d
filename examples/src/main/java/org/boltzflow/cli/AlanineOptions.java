package org.boltzflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.boltzflow.examples.alanine.AlanineConfig;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code train} share: what to override in the config, where to write, resuming. */
final class AlanineOptions {
    @Option(names = "--solvent", description = "vacuum, obc1 or obc2 (default: the config's, obc1).")
    String solvent;

    @Option(names = "--seed", description = "Seed of every random stream (default: the config's, 1).")
    Long seed;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class,
            description = "Threads for the MD chains and energy evaluations (default: 2); "
            + "the flow runs on one PyTorch thread, so results do not depend on this.")
    Integer threads;

    @Option(names = {"-n", "--samples"}, converter = OptionValues.PositiveInt.class,
            description = "Flow samples to draw and reweight (default: the preset's, 200000 for default).")
    Integer samples;

    @Option(names = "--out", description = "Output folder (default: runs/alanine-<timestamp>).")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted run in this folder (its config.json is used).")
    Path resume;

    @Option(names = "--cache", defaultValue = "${sys:boltzflow.data:-data}/cache",
            description = "Where reference MD is cached (default: ${DEFAULT-VALUE}).")
    Path cache;

    /** The config to run: the resumed folder's, else {@code base} with this command line's overrides. */
    AlanineConfig config(AlanineConfig base) throws IOException {
        if (resume != null) {
            Path saved = resume.resolve("config.json");
            if (!Files.exists(saved)) {
                throw new IOException(resume + ": no config.json here, so it is not a run folder to resume");
            }
            return AlanineConfig.read(saved);
        }
        return base.with(solvent, seed, threads, samples);
    }

    /** The folder to write into. */
    RunDirectory directory() throws IOException {
        return RunDirectory.create(resume != null ? resume : out, "alanine");
    }
}
