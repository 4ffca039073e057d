package org.boltzflow.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.boltzflow.examples.GlowDemo;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.layers.Glow;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.Plots;
import org.boltzflow.report.Progress;
import org.boltzflow.report.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow glow}: a multiscale Glow trained on the 8x8 digits with uniform dequantization; writes
 * {@code samples.png} (samples at temperatures 1, 0.7 and 0.5), {@code loss.png}, {@code metrics.json} (test bits/dim)
 * and the model.
 */
@Command(name = "glow", mixinStandardHelpOptions = true,
        description = "Train a multiscale Glow on the 8x8 digits; sample grid and test bits/dim.")
final class GlowCommand implements Callable<Integer> {
    /** The sampling temperatures of the grid, one block of rows each. */
    private static final double[] TEMPERATURES = {1.0, 0.7, 0.5};
    private static final int COLUMNS = 16;
    private static final int PER_TEMPERATURE = 3 * COLUMNS;

    @Option(names = "--steps", defaultValue = "3000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--levels", defaultValue = "3", description = "Multiscale levels (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--flow-steps", defaultValue = "4",
            description = "ActNorm/1x1-conv/coupling steps per level (default: ${DEFAULT-VALUE}).")
    int flowSteps;

    @Option(names = "--hidden", defaultValue = "32",
            description = "Channels inside each coupling network (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", defaultValue = "1e-3",
            description = "Initial learning rate, cosine-decayed (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--dtype", defaultValue = "float64",
            description = "Arithmetic of the model: float32 or float64 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "Folder with digits-train.npy and digits-test.npy (default: data/digits).")
    Path data;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads; 0 = PyTorch's default.")
    int threads;

    @Option(names = "--out", description = "Output folder (default: runs/glow-<timestamp>).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || batch < 1 || levels < 1 || levels > 3 || flowSteps < 1 || hidden < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("--steps, --batch, --flow-steps, --hidden must be positive, "
                    + "--levels 1..3 (8x8 images), --lr > 0");
        }
        Path folder = data != null ? data : Path.of(System.getProperty("boltzflow.data", "data"), "digits");
        double[][] train = GlowDemo.images(folder.resolve("digits-train.npy"));
        double[][] test = GlowDemo.images(folder.resolve("digits-test.npy"));
        DataType type = switch (dtype) {
            case "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            default -> throw new IllegalArgumentException("--dtype must be float32 or float64, got " + dtype);
        };
        GlowDemo.Settings settings = new GlowDemo.Settings(steps, batch, new Glow.Settings(levels, flowSteps, hidden,
                2.0), learningRate, type, seed);
        BoltzflowCommand.startEngine(threads);
        RunDirectory dir = RunDirectory.create(out, "glow");
        PrintWriter printer = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            GlowDemo.Result result;
            try (Progress progress = Progress.start("glow", steps, "steps")) {
                result = GlowDemo.run(settings, train, test, manager,
                        r -> progress.step(String.format(" loss %.2f", r.loss())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double[][] grid = new double[TEMPERATURES.length * PER_TEMPERATURE][];
            for (int t = 0; t < TEMPERATURES.length; t++) {
                System.arraycopy(GlowDemo.samples(result.flow(), manager, PER_TEMPERATURE, TEMPERATURES[t], seed + 1),
                        0, grid, t * PER_TEMPERATURE, PER_TEMPERATURE);
            }
            Plots.imageGrid(dir.resolve("samples.png"), grid, 8, COLUMNS, GlowDemo.LEVELS - 1, 4);
            Plots.imageGrid(dir.resolve("data.png"), java.util.Arrays.copyOf(test, PER_TEMPERATURE), 8, COLUMNS,
                    GlowDemo.LEVELS - 1, 4);
            double[] index = IntStream.range(0, result.losses().length).asDoubleStream().toArray();
            Plots.chart(dir.resolve("loss.png"), "negative log-likelihood (dequantized, nats)", "step", "loss",
                    List.of(new Plots.Series("loss", index, result.losses())), false);
            FlowIO.save(result.flow(), dir.root(), "model");
            new Metrics().put("command", "glow").put("steps", steps).put("batch", batch).put("levels", levels)
                    .put("flow_steps", flowSteps).put("hidden", hidden).put("lr", learningRate)
                    .put("dtype", dtype).put("seed", seed).put("threads", threads).put("seconds", seconds)
                    .put("train_images", train.length)
                    .put("test_images", test.length).put("test_bits_per_dim", result.testBitsPerDim())
                    .write(dir.resolve("metrics.json"));
            printer.printf("glow: %d steps in %.1f s, test %.3f bits/dim (uniform: %.3f)%n", steps, seconds,
                    result.testBitsPerDim(), Math.log(GlowDemo.LEVELS) / Math.log(2));
            printer.println("wrote " + dir.root() + "/{samples.png (three rows each at T = 1, 0.7, 0.5), data.png, "
                    + "loss.png, metrics.json, model.json, model.params}");
            printer.flush();
        }
        return 0;
    }
}
