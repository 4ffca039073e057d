package org.boltzflow.cli;

import org.boltzflow.report.RunDirectory;
import org.boltzflow.report.Plots;
import org.boltzflow.report.Progress;
import org.boltzflow.report.Metrics;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.boltzflow.examples.ToyDemo;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.targets.ToyTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow toy}: trains a RealNVP on a 2D toy target with a progress bar, then writes {@code density.png}
 * (flow vs target), {@code loss.png}, {@code metrics.json} and the model ({@code model.json}, {@code model.params}).
 */
@Command(name = "toy", mixinStandardHelpOptions = true,
        description = "Train a flow on a 2D toy target and plot its density.")
final class ToyCommand implements Callable<Integer> {
    @Mixin
    ToyOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(options, spec.commandLine().getOut());
    }

    /** Runs the toy demo with {@code options}, printing a summary to {@code out}. */
    static int run(ToyOptions options, PrintWriter out) throws Exception {
        ToyDemo.Settings settings = options.settings();
        if (!ToyTargets.NAMES.contains(settings.target())) {
            throw new IllegalArgumentException("--target must be one of " + ToyTargets.NAMES + ", got '"
                    + settings.target() + "'");
        }
        BoltzflowCommand.startEngine(options.threads);
        RunDirectory dir = RunDirectory.create(options.out, "toy-" + settings.target());
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            ToyDemo.Result result;
            try (Progress progress = Progress.start("toy " + settings.target(), settings.steps(), "steps")) {
                result = ToyDemo.run(settings, manager, r -> progress.step(String.format(" loss %.4f", r.loss())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ToyDemo.Evaluation e = result.evaluation();
            double[][][] grids = ToyDemo.densityGrids(result.flow(), result.target(), manager, 160);
            Plots.heatmaps(dir.resolve("density.png"), List.of(new Plots.Heatmap("flow", grids[0]),
                    new Plots.Heatmap("target " + settings.target(), grids[1])), 3);
            double[] steps = IntStream.range(0, result.losses().length).asDoubleStream().toArray();
            Plots.chart(dir.resolve("loss.png"), "training loss (" + options.loss + ")", "step", "loss",
                    List.of(new Plots.Series("loss", steps, result.losses())), false);
            FlowIO.save(result.flow(), dir.root(), "model");
            Metrics metrics = new Metrics().put("command", "toy").put("target", settings.target())
                    .put("loss", options.loss).put("steps", settings.steps()).put("batch", settings.batch())
                    .put("blocks", settings.blocks()).put("hidden", settings.hidden())
                    .put("seed", settings.seed()).put("threads", options.threads).put("seconds", seconds)
                    .put("final_loss", result.losses()[result.losses().length - 1])
                    .put("test_nll", e.testNll()).put("target_entropy", e.targetEntropy())
                    .put("forward_kl", e.forwardKl()).put("reverse_kl", e.reverseKl());
            if (e.modeMass().length > 0) {
                metrics.put("mode_mass", e.modeMass());
            }
            metrics.write(dir.resolve("metrics.json"));
            out.printf("target %s, %s, %d steps in %.1f s%n", settings.target(), options.loss, settings.steps(),
                    seconds);
            out.printf("test NLL %.4f nats (target entropy %.4f): KL(p||q) = %.4f, KL(q||p) = %.4f%n", e.testNll(),
                    e.targetEntropy(), e.forwardKl(), e.reverseKl());
            out.println("wrote " + dir.root() + "/{density.png, loss.png, metrics.json, model.json, model.params}");
            out.flush();
        }
        return 0;
    }
}
