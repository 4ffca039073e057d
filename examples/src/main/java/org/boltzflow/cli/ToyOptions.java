package org.boltzflow.cli;

import java.nio.file.Path;
import org.boltzflow.examples.ToyDemo;
import picocli.CommandLine.Option;

/** The options of the toy demo, shared by {@code boltzflow toy} and (until the alanine job exists) {@code run}. */
final class ToyOptions {
    @Option(names = "--target", defaultValue = "two-moons",
            description = "two-moons, eight-gaussians, ring or cylinder (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--loss", defaultValue = "forward-kl",
            description = "forward-kl (exact target samples) or reverse-kl (target density) (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class,
            defaultValue = "2000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", converter = OptionValues.PositiveInt.class,
            defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--blocks", converter = OptionValues.PositiveInt.class,
            defaultValue = "8", description = "Coupling layers (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--hidden", converter = OptionValues.PositiveInt.class, defaultValue = "64",
            description = "Width of the two hidden layers of each coupling network (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", converter = OptionValues.PositiveDouble.class,
            defaultValue = "2e-3", description = "Initial learning rate, cosine-decayed (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = OptionValues.NonNegativeInt.class,
            defaultValue = "0", description = "Engine threads; 0 = PyTorch's default.")
    int threads;

    @Option(names = "--out", description = "Output folder (default: runs/toy-<target>-<timestamp>).")
    Path out;

    /** The demo's settings, checked. */
    ToyDemo.Settings settings() {
        ToyDemo.Loss parsed = switch (loss) {
            case "forward-kl" -> ToyDemo.Loss.FORWARD_KL;
            case "reverse-kl" -> ToyDemo.Loss.REVERSE_KL;
            default -> throw new IllegalArgumentException("--loss must be forward-kl or reverse-kl, got '" + loss + "'");
        };
        if (steps < 1 || batch < 1 || blocks < 2 || hidden < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("--steps, --batch, --hidden must be positive, --blocks at least 2, --lr > 0");
        }
        return new ToyDemo.Settings(target, parsed, steps, batch, blocks, hidden, learningRate, seed);
    }
}
