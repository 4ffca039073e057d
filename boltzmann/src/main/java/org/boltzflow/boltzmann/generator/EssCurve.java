package org.boltzflow.boltzmann.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * The reverse ESS of a generator's flow along its training: every {@code every} steps and at the end of each phase,
 * {@code draws} fresh samples drawn with one fixed seed (so that points differ only by the flow) are weighed in the
 * generator's state. Each point records the step, the phase, the wall time training has taken so far (the
 * measurements themselves left out), the energy evaluations of training so far, the Kish ESS fraction and log Z. The
 * points are written as CSV after each measurement; a resumed run keeps the points up to the step it resumes at and
 * continues from the last one's time. A run that refines its samples adds the refined ESS as a last point
 * ({@link #afterRefinement}).
 */
public final class EssCurve {
    private static final String HEADER = "step,phase,seconds,energy_evaluations,reverse_ess,log_z";

    /** Measure every {@code every} steps (0: never) on {@code draws} samples. */
    public record Settings(int every, int draws) {
        /** Checks the ranges. */
        public Settings {
            if (every < 0 || draws < 2) {
                throw new IllegalArgumentException("essCurve every must be >= 0 (0: off) and draws >= 2, got "
                        + every + ", " + draws);
            }
        }
    }

    /** One measurement. */
    public record Point(long step, String phase, double seconds, long energyEvaluations, double ess, double logZ) {}

    private final Settings settings;
    private final TrainingPlan plan;
    private final long seed;
    private final Path csv;
    private final List<Point> points = new ArrayList<>();
    private long startNanos;
    private double offsetSeconds;
    private boolean started;

    /**
     * A curve of {@code plan}'s training with draws seeded by {@code seed}, written to {@code csv}; its clock starts
     * now, so make it just before training.
     */
    public EssCurve(Settings settings, TrainingPlan plan, long seed, Path csv) {
        if (settings.every() < 1) {
            throw new IllegalArgumentException("an ESS curve needs a measurement interval >= 1");
        }
        this.settings = settings;
        this.plan = plan;
        this.seed = seed;
        this.csv = csv;
        this.startNanos = System.nanoTime();
    }

    /** The points so far, in step order. */
    public List<Point> points() {
        return List.copyOf(points);
    }

    /**
     * Told after each training step {@code step} (0-based) of {@code generator} with the phase label and the energy
     * evaluations of training so far; measures when the step is due. The first call takes over the points an
     * earlier, interrupted run measured up to {@code step}, the clock going on from the last of them.
     */
    public void afterStep(BoltzmannGenerator generator, long step, String phase, long energyEvaluations)
            throws IOException {
        if (!started) {
            resume(step);
            started = true;
        }
        boolean phaseEnds = step + 1 == plan.totalSteps() || plan.phaseOf(step + 1) != plan.phaseOf(step);
        if ((step + 1) % settings.every() != 0 && !phaseEnds) {
            return;
        }
        long measuring = System.nanoTime();
        double seconds = offsetSeconds + (measuring - startNanos) / 1e9;
        WeightedSamples samples = generator.sample(settings.draws(), seed, count -> {});
        points.add(new Point(step + 1, phase, seconds, energyEvaluations, samples.ess(), samples.logZ()));
        write();
        startNanos += System.nanoTime() - measuring;
    }

    /**
     * Adds the ESS of the samples refined after training as a point of its own {@code phase} (e.g.
     * {@code AIS-refined}), {@code secondsAfterTraining} past the training's last point, with the energy
     * evaluations of the whole run so far.
     */
    public void afterRefinement(String phase, double secondsAfterTraining, long energyEvaluations, double ess,
            double logZ) throws IOException {
        if (points.isEmpty()) {
            throw new IllegalStateException("a refinement point needs the training's points before it");
        }
        Point last = points.get(points.size() - 1);
        points.add(new Point(last.step(), phase, last.seconds() + secondsAfterTraining, energyEvaluations, ess, logZ));
        write();
    }

    private void write() throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Point p : points) {
            out.append(p.step()).append(',').append(p.phase()).append(',').append(p.seconds()).append(',')
                    .append(p.energyEvaluations()).append(',').append(p.ess()).append(',').append(p.logZ())
                    .append('\n');
        }
        AtomicFiles.writeString(csv, out.toString());
    }

    /** Keeps the points of {@link #csv} measured after fewer than {@code step + 1} steps; their clock goes on. */
    private void resume(long step) throws IOException {
        if (step == 0 || !Files.exists(csv)) {
            return;
        }
        List<String> lines = Files.readAllLines(csv);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            try {
                Point p = new Point(Long.parseLong(f[0]), f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]));
                if (p.step() <= step) {
                    points.add(p);
                    offsetSeconds = p.seconds();
                }
            } catch (RuntimeException e) {
                throw new IOException(csv + ": line " + (i + 1) + " is not an ESS-curve row: " + lines.get(i), e);
            }
        }
    }
}
