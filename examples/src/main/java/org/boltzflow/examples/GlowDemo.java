package org.boltzflow.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.boltzflow.flows.layers.Glow;
import org.boltzflow.flows.layers.ImageShape;
import org.boltzflow.flows.training.StepReport;
import org.boltzflow.flows.training.Trainer;

/**
 * Glow on the 8x8 handwritten digits ({@code data/digits}, pixel values 0..16): trained by maximum likelihood on
 * uniformly dequantized images {@code y = (pixel + u)/17 - 1/2}, {@code u ~ U[0, 1)^64}, and evaluated in bits per
 * dimension on the test images, {@code (-log q(y) + 64·ln 17)/(64·ln 2)} averaged over dequantization draws: an
 * upper bound on the model's discrete code length (a uniform model scores log2 17 = 4.09).
 */
public final class GlowDemo {
    /** Pixel values run 0..16. */
    public static final int LEVELS = 17;
    private static final ImageShape IMAGE = new ImageShape(1, 8, 8);
    private static final int EVALUATION_DRAWS = 4;

    /**
     * The settings of one run: Adam {@code steps} of {@code batch} images, the learning rate cosine-decayed from
     * {@code learningRate} to a twentieth of it, the model's parameters and arithmetic in {@code dtype}.
     */
    public record Settings(int steps, int batch, Glow.Settings glow, double learningRate, DataType dtype, long seed) {
        /** Checks the dtype. */
        public Settings {
            if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
                throw new IllegalArgumentException("Glow trains in float32 or float64, not " + dtype);
            }
        }
    }

    /** What a run produced: the trained flow, each step's loss and the test bits/dim. */
    public record Result(NormalizingFlow flow, double[] losses, double testBitsPerDim) {}

    private GlowDemo() {}

    /** The images of {@code file} ({@code (n, 64)} pixel values). */
    public static double[][] images(Path file) throws IOException {
        NpyArray array = Npy.read(file);
        if (array.shape().length != 2 || array.shape()[1] != IMAGE.size()) {
            throw new IOException(file + ": expected (n, " + IMAGE.size() + ") images, got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        double[][] images = new double[array.shape()[0]][];
        for (int i = 0; i < images.length; i++) {
            images[i] = java.util.Arrays.copyOfRange(array.data(), i * IMAGE.size(), (i + 1) * IMAGE.size());
        }
        return images;
    }

    /**
     * The rows {@code rows} of {@code images}, dequantized with noise from {@code seed}, as {@code (n, 64)} of
     * {@code dtype}.
     */
    static NDArray dequantize(NDManager manager, double[][] images, int[] rows, DataType dtype, long seed) {
        double[] noise = Rng.uniform(manager, new Shape(rows.length, IMAGE.size()), DataType.FLOAT64, 0, 1, seed)
                .toDoubleArray();
        double[] y = new double[rows.length * IMAGE.size()];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < IMAGE.size(); j++) {
                int k = r * IMAGE.size() + j;
                y[k] = (images[rows[r]][j] + noise[k]) / LEVELS - 0.5;
            }
        }
        return manager.create(y, new Shape(rows.length, IMAGE.size())).toType(dtype, false);
    }

    /** Trains on {@code train} and evaluates on {@code test}, calling {@code onStep} after every step. */
    public static Result run(Settings settings, double[][] train, double[][] test, NDManager manager,
            Consumer<StepReport> onStep) {
        NormalizingFlow flow = Glow.multiscale(manager, IMAGE, settings.glow(), settings.dtype(),
                Rng.derive(settings.seed(), 0));
        try (NDManager scratch = manager.newSubManager()) {
            flow.logProb(dequantize(scratch, train, firstRows(Math.min(train.length, 512)), settings.dtype(),
                    Rng.derive(settings.seed(), 1)));
        }
        Trainer trainer = Trainer.builder(flow).learningRate(Tracker.cosine().setBaseValue((float) settings
                .learningRate()).optFinalValue((float) settings.learningRate() / 20).setMaxUpdates(settings.steps())
                .build()).maxGradNorm(50.0).build();
        List<Double> losses = new ArrayList<>();
        trainer.fit((m, step, seed) -> {
            SplittableRandom random = new SplittableRandom(seed);
            int[] rows = random.ints(settings.batch(), 0, train.length).toArray();
            return flow.forwardKld(dequantize(m, train, rows, settings.dtype(), Rng.derive(seed, 1)));
        }, 0, settings.steps(), Rng.derive(settings.seed(), 2), report -> {
            losses.add(report.loss());
            onStep.accept(report);
        });
        double bits = bitsPerDim(flow, test, manager, Rng.derive(settings.seed(), 3));
        return new Result(flow, losses.stream().mapToDouble(Double::doubleValue).toArray(), bits);
    }

    /** Test bits/dim of {@code flow} on {@code images}, averaged over {@value #EVALUATION_DRAWS} dequantizations. */
    public static double bitsPerDim(NormalizingFlow flow, double[][] images, NDManager manager, long seed) {
        double sum = 0;
        for (int draw = 0; draw < EVALUATION_DRAWS; draw++) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray y = dequantize(scratch, images, firstRows(images.length), dtype(flow), Rng.derive(seed, draw));
                sum += flow.logProb(y).toType(DataType.FLOAT64, false).neg().sum().getDouble();
            }
        }
        double nll = sum / (EVALUATION_DRAWS * images.length);
        return (nll + IMAGE.size() * Math.log(LEVELS)) / (IMAGE.size() * Math.log(2));
    }

    /**
     * {@code count} samples of {@code flow} drawn at {@code temperature} (base scaled by it), as pixel values 0..16.
     */
    public static double[][] samples(NormalizingFlow flow, NDManager manager, int count, double temperature,
            long seed) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray z = Rng.normal(scratch, new Shape(count, IMAGE.size()), dtype(flow), seed).mul(temperature);
            double[] y = flow.forward(z, seed).value().toType(DataType.FLOAT64, false).toDoubleArray();
            double[][] images = new double[count][IMAGE.size()];
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < IMAGE.size(); j++) {
                    double pixel = Math.floor((y[i * IMAGE.size() + j] + 0.5) * LEVELS);
                    images[i][j] = Math.max(0, Math.min(LEVELS - 1, pixel));
                }
            }
            return images;
        }
    }

    private static DataType dtype(NormalizingFlow flow) {
        return flow.parameters().get(0).getArray().getDataType();
    }

    private static int[] firstRows(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
