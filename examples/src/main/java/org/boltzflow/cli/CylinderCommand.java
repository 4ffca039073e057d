package org.boltzflow.cli;

import org.boltzflow.report.RunDirectory;
import org.boltzflow.report.Plots;
import org.boltzflow.report.Progress;
import org.boltzflow.report.Metrics;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.boltzflow.examples.CylinderDemo;
import org.boltzflow.flows.io.FlowIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow cylinder}: a neural spline flow with one unbounded and one circular coordinate, trained by
 * reverse KL on the cylinder density; writes {@code plane.png} and {@code cylinder.png} (target vs flow),
 * {@code loss.png}, {@code metrics.json} (with KL(q‖p)) and the model.
 */
@Command(name = "cylinder", mixinStandardHelpOptions = true,
        description = "The cylinder example: an unbounded and a circular coordinate, by reverse KL.")
final class CylinderCommand implements Callable<Integer> {
    private static final int ROWS = 120;
    private static final int COLUMNS = 200;

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class,
            defaultValue = "1500", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = OptionValues.NonNegativeInt.class,
            defaultValue = "0", description = "Engine threads; 0 = PyTorch's default.")
    int threads;

    @Option(names = "--out", description = "Output folder (default: runs/cylinder-<timestamp>).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        CylinderDemo.Settings d = CylinderDemo.Settings.defaults();
        CylinderDemo.Settings settings = new CylinderDemo.Settings(steps, d.batch(), d.blocks(), d.hidden(), d.bins(),
                d.learningRate(), seed);
        BoltzflowCommand.startEngine(threads);
        RunDirectory dir = RunDirectory.create(out, "cylinder");
        PrintWriter printer = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            CylinderDemo.Result result;
            try (Progress progress = Progress.start("cylinder", steps, "steps")) {
                result = CylinderDemo.run(settings, manager, r -> progress.step(String.format(" loss %.4f", r.loss())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Plots.heatmaps(dir.resolve("plane.png"), List.of(
                    new Plots.Heatmap("target p(x, phi)", CylinderDemo.plane(result.target(), ROWS, COLUMNS)),
                    new Plots.Heatmap("flow q(x, phi)", CylinderDemo.plane(result.flow(), ROWS, COLUMNS))), 2);
            Plots.heatmaps(dir.resolve("cylinder.png"), List.of(
                    new Plots.Heatmap("target, front", CylinderDemo.surface(result.target(), ROWS, COLUMNS, true)),
                    new Plots.Heatmap("flow, front", CylinderDemo.surface(result.flow(), ROWS, COLUMNS, true)),
                    new Plots.Heatmap("target, back", CylinderDemo.surface(result.target(), ROWS, COLUMNS, false)),
                    new Plots.Heatmap("flow, back", CylinderDemo.surface(result.flow(), ROWS, COLUMNS, false))), 2);
            double[] index = IntStream.range(0, result.losses().length).asDoubleStream().toArray();
            Plots.chart(dir.resolve("loss.png"), "reverse KL (up to log Z = 0)", "step", "loss",
                    List.of(new Plots.Series("loss", index, result.losses())), false);
            FlowIO.save(result.flow(), dir.root(), "model");
            new Metrics().put("command", "cylinder").put("steps", steps).put("batch", settings.batch())
                    .put("blocks", settings.blocks()).put("hidden", settings.hidden()).put("bins", settings.bins())
                    .put("seed", seed).put("threads", threads).put("seconds", seconds)
                    .put("final_loss", result.losses()[result.losses().length - 1])
                    .put("reverse_kl", result.reverseKl()).put("reverse_kl_samples", CylinderDemo.KL_SAMPLES)
                    .write(dir.resolve("metrics.json"));
            printer.printf("cylinder: %d steps in %.1f s, KL(q||p) = %.4f nats (%d samples)%n", steps, seconds,
                    result.reverseKl(), CylinderDemo.KL_SAMPLES);
            printer.println("wrote " + dir.root() + "/{plane.png, cylinder.png, loss.png, metrics.json, model.json, "
                    + "model.params}");
            printer.flush();
        }
        return 0;
    }
}
