package org.boltzflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.generator.FlowSpec;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.boltzmann.generator.TrainingPhase;
import org.boltzflow.boltzmann.generator.TrainingPlan;
import org.boltzflow.examples.generator.TemperatureComparison;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow temperatures}: one temperature-conditioned Boltzmann generator for alanine dipeptide (OBC1)
 * trained on MD at several temperatures, beside separately trained generators of the same size and plan at the
 * evaluation temperatures; writes {@code metrics.json}, {@code report.md} (ESS and state populations against MD)
 * and the conditional model with its temperature range ({@code conditional.json/.params}).
 */
@Command(name = "temperatures", mixinStandardHelpOptions = true,
        description = "One temperature-conditioned generator vs separate generators per temperature (alanine "
                + "dipeptide, OBC1): ESS and state populations against MD.")
final class TemperaturesCommand implements Callable<Integer> {
    @Option(names = "--temperatures", split = ",", defaultValue = "300,375,450,525,600",
            converter = OptionValues.PositiveDouble.class,
            description = "Training temperatures, K; MD runs at each (default: ${DEFAULT-VALUE}).")
    double[] temperatures;

    @Option(names = "--evaluate", split = ",", defaultValue = "300,450,600",
            converter = OptionValues.PositiveDouble.class,
            description = "Evaluation temperatures, K, each a training temperature; a separate generator is trained "
                    + "at each (default: ${DEFAULT-VALUE}).")
    double[] evaluate;

    @Option(names = "--md-chains", defaultValue = "4", converter = OptionValues.PositiveInt.class,
            description = "MD chains per temperature (default: ${DEFAULT-VALUE}).")
    int mdChains;

    @Option(names = "--md-steps", defaultValue = "500000", converter = OptionValues.PositiveLong.class,
            description = "Saved MD steps of 1 fs per chain, after 20,000 steps of equilibration "
                    + "(default: ${DEFAULT-VALUE}).")
    long mdSteps;

    @Option(names = "--save-every", defaultValue = "50", converter = OptionValues.PositiveInt.class,
            description = "MD steps between saved frames (default: ${DEFAULT-VALUE}).")
    int saveEvery;

    @Option(names = "--blocks", defaultValue = "4", converter = OptionValues.PositiveInt.class,
            description = "Coupling spline blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--hidden", split = ",", defaultValue = "64,64", converter = OptionValues.PositiveInt.class,
            description = "Hidden layer sizes of the conditioners (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--forward-steps", defaultValue = "1000", converter = OptionValues.NonNegativeInt.class,
            description = "Forward-KL steps (default: ${DEFAULT-VALUE}).")
    int forwardSteps;

    @Option(names = "--reverse-steps", defaultValue = "150", converter = OptionValues.NonNegativeInt.class,
            description = "Steps of the reverse alpha = 2 divergence plus forward KL (default: ${DEFAULT-VALUE}).")
    int reverseSteps;

    @Option(names = "--batch", defaultValue = "512", converter = OptionValues.PositiveInt.class,
            description = "Forward-KL batch; reverse steps draw half as many (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--samples", defaultValue = "50000", converter = OptionValues.PositiveInt.class,
            description = "Flow samples per generator and evaluation temperature (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of everything (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", converter = OptionValues.PositiveInt.class,
            description = "Threads for MD chains and energies (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--cache", description = "MD cache folder (default: data/cache).")
    Path cache;

    @Option(names = "--out", description = "Output folder (default: runs/temperatures-<timestamp>).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path data = Path.of(System.getProperty("boltzflow.data", "data"));
        TemperatureComparison.Settings settings = new TemperatureComparison.Settings(
                data.resolve("alanine-dipeptide/alanine-dipeptide.prmtop"),
                data.resolve("alanine-dipeptide/alanine-dipeptide.pdb"), Solvent.OBC1, temperatures, evaluate,
                new ReferenceMd.Settings(mdChains, 20_000, mdSteps, saveEvery, 0.001, 1.0),
                FlowSpec.of(blocks, 8, hidden),
                TrainingPlan.of(TrainingPhase.forwardKl(forwardSteps, batch, 1e-3),
                        TrainingPhase.reverse(reverseSteps, Math.max(1, batch / 2), 2.0, 5e-5, 1.0)),
                samples, seed, threads);
        RunDirectory dir = RunDirectory.claim(out, "temperatures", "temperatures");
        Path cacheDir = dir.cacheFolder(cache, data.resolve("cache"));
        TemperatureComparison comparison = new TemperatureComparison(settings, System.err);
        long start = System.nanoTime();
        Metrics metrics = comparison.run(cacheDir, dir.root());
        metrics.put("seconds", (System.nanoTime() - start) / 1e9).write(dir.resolve("metrics.json"));
        String table = comparison.markdownTable();
        dir.writeString("report.md", "# Temperature-conditioned vs separate generators\n\n" + table);
        PrintWriter printer = spec.commandLine().getOut();
        printer.print(table);
        printer.println("wrote " + dir.root() + "/{metrics.json, report.md, conditional.json, conditional.params}");
        printer.flush();
        return 0;
    }
}
