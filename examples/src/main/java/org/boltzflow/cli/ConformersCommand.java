package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.boltzflow.boltzmann.conformers.ConformerSettings;
import org.boltzflow.examples.conformers.ConformerBatch;
import org.boltzflow.report.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow conformers}: Boltzmann-weighted MMFF94 conformers of molecules given as SMILES and/or an SDF,
 * through {@link ConformerBatch} and the library's {@code ConformerSearch}.
 */
@Command(name = "conformers", mixinStandardHelpOptions = true,
        description = "Boltzmann-weighted MMFF94 conformers with populations from SMILES or SDF.")
final class ConformersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--smiles", description = "A molecule as SMILES (repeatable).")
    List<String> smiles = new ArrayList<>();

    @Option(names = "--sdf", description = "An SDF of molecules (3D with explicit hydrogens is used as the start).")
    Path sdf;

    @Option(names = "--temperature", defaultValue = "300", description = "Temperature in K (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--window", defaultValue = "25",
            description = "Write conformers within this free energy of the most populated, kJ/mol (default: ${DEFAULT-VALUE}).")
    double window;

    @Option(names = "--out", description = "Output folder (default: runs/conformers-<time>).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--preset", defaultValue = "default",
            description = "Sampling effort: tiny, fast, default or thorough (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--sampler", defaultValue = "md", description = "Samples to group into conformers: md (the "
            + "replica-exchange MD) or flow (a normalizing flow trained on the MD samples and against MMFF94, its draws "
            + "weighted by the true energy) (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--max-temperature",
            description = "Top replica temperature in K (default: the preset's; equal to --temperature: plain MD).")
    Double maxTemperature;

    @Option(names = "--steps", description = "MD production steps per replica (default: the preset's).")
    Integer steps;

    @Option(names = "--samples", description = "MD samples: grouped into conformers, or with --sampler flow the flow's "
            + "training data (default: the preset's).")
    Integer samples;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up a molecule's search after this many "
            + "seconds: it is reported as failed (timed out) and the rest go on; a rerun retries it (default: no limit).")
    Double timeout;

    @Option(names = "--keep-fragments", description = "Keep every fragment of a salt or mixture (default: the largest).")
    boolean keepFragments;

    @Override
    public Integer call() throws Exception {
        if (smiles.isEmpty() && sdf == null) {
            throw new IllegalArgumentException("give --smiles and/or --sdf");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (timeout != null && !(timeout > 0)) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeout);
        }
        ConformerSettings.Preset p = ConformerSettings.Preset.parse(preset);
        ConformerSettings settings = ConformerSettings.of(p, temperature, window, threads)
                .withSampler(ConformerSettings.Sampler.parse(sampler));
        if (maxTemperature != null || steps != null || samples != null) {
            settings = settings.withSampling(maxTemperature == null ? settings.maxTemperature() : maxTemperature,
                    steps == null ? settings.productionSteps() : steps,
                    samples == null ? settings.sampleCount() : samples);
        }
        RunDirectory dir = RunDirectory.claim(out, "conformers", "conformers");
        List<ConformerBatch.Entry> entries = ConformerBatch.entries(smiles, sdf, keepFragments);
        ConformerBatch.Outcome outcome = new ConformerBatch(settings, p.name().toLowerCase(java.util.Locale.ROOT),
                seed, timeout == null ? Double.POSITIVE_INFINITY : timeout, spec.commandLine().getErr())
                .run(dir.root(), entries);
        spec.commandLine().getOut().printf("%d finished, %d skipped (finished before), %d failed -> %s%n",
                outcome.finished(), outcome.skipped(), outcome.failed(), dir.root());
        return outcome.finished() + outcome.skipped() == 0 ? 1 : 0;
    }
}
