package org.boltzflow.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.layers.SplineStacks;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.targets.CylinderTarget;
import org.boltzflow.flows.training.StepReport;
import org.boltzflow.flows.training.Trainer;

/**
 * The cylinder demo of normflows: x ~ N(0, 1) and φ | x ~ vonMises(3x, 1) on [-π, π), learned by a neural spline
 * flow with one unbounded and one circular coordinate (coupling splines with circular shifts, on a Gaussian × uniform
 * circle base), trained by reverse KL on the normalized target and scored by a sampled KL(q‖p).
 */
public final class CylinderDemo {
    /** Samples of the final KL(q‖p) estimate. */
    public static final int KL_SAMPLES = 100_000;
    /** The range of x shown in plots. */
    public static final double X_RANGE = 4.0;

    /** The settings of one run. */
    public record Settings(int steps, int batch, int blocks, int hidden, int bins, double learningRate, long seed) {
        /** The defaults of {@code boltzflow cylinder}. */
        public static Settings defaults() {
            return new Settings(1500, 256, 4, 32, 8, 5e-3, 0L);
        }
    }

    /** What a run produced: the flow, the target, the loss of every step and KL(q‖p) in nats. */
    public record Result(NormalizingFlow flow, CylinderTarget target, double[] losses, double reverseKl) {}

    private CylinderDemo() {}

    /** Trains and scores the flow, calling {@code onStep} after every step; arrays live in {@code manager}. */
    public static Result run(Settings settings, NDManager manager, Consumer<StepReport> onStep) {
        CylinderTarget target = new CylinderTarget();
        NormalizingFlow flow = new NormalizingFlow(
                ProductDistribution.forDomains(manager, target.domains(), DataType.FLOAT64),
                SplineStacks.coupling(manager, target.domains(), settings.blocks(), SplineSettings.of(settings.bins()),
                        new int[] {settings.hidden(), settings.hidden()}, Activation.TANH, DataType.FLOAT64,
                        Rng.derive(settings.seed(), 0)));
        float lr = (float) settings.learningRate();
        Trainer trainer = Trainer.builder(flow).learningRate(Tracker.cosine().setBaseValue(lr).optFinalValue(lr / 50)
                .setMaxUpdates(settings.steps()).build()).build();
        List<Double> losses = new ArrayList<>();
        trainer.fit((m, step, seed) -> flow.reverseKld(m, settings.batch(), target, 1.0, seed), 0, settings.steps(),
                Rng.derive(settings.seed(), 1), report -> {
                    losses.add(report.loss());
                    onStep.accept(report);
                });
        double kl = flow.reverseKlEstimate(target, KL_SAMPLES, Rng.derive(settings.seed(), 2));
        return new Result(flow, target, losses.stream().mapToDouble(Double::doubleValue).toArray(), kl);
    }

    /**
     * The density on the (x, φ) plane: {@code [row][column]} with rows φ from -π to π ({@code rows} of them) and
     * columns x from -{@value #X_RANGE} to {@value #X_RANGE}.
     */
    public static double[][] plane(Distribution density, int rows, int columns) {
        return evaluate(density, rows, columns, r -> -Math.PI + (r + 0.5) * 2 * Math.PI / rows);
    }

    /**
     * The density as seen on the surface of the cylinder, looking at its {@code front} (φ near 0) or back (φ near
     * π): row r is the height {@code v} in [-1, 1] on the screen, at angle asin(v) (front) or π - asin(v) (back).
     */
    public static double[][] surface(Distribution density, int rows, int columns, boolean front) {
        return evaluate(density, rows, columns, r -> {
            double angle = Math.asin(-1 + (r + 0.5) * 2.0 / rows);
            return front ? angle : (angle > 0 ? Math.PI - angle : -Math.PI - angle);
        });
    }

    private static double[][] evaluate(Distribution density, int rows, int columns,
            java.util.function.IntToDoubleFunction angleOfRow) {
        double[] points = new double[2 * rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                points[2 * (r * columns + c)] = -X_RANGE + (c + 0.5) * 2 * X_RANGE / columns;
                points[2 * (r * columns + c) + 1] = angleOfRow.applyAsDouble(r);
            }
        }
        double[] values;
        try (NDManager scratch = NDManager.newBaseManager()) {
            values = density.logProb(scratch.create(points, new Shape((long) rows * columns, 2))).exp()
                    .toDoubleArray();
        }
        double[][] grid = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * columns, grid[r], 0, columns);
        }
        return grid;
    }
}
