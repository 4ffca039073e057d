package org.boltzflow.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.coordinates.MixedCoordinateTransform;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.generator.GeneratorFlow;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.examples.generator.GeneratorJob;
import org.boltzflow.examples.generator.RunConfig;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code boltzflow bench train}: one forward-KL training step of the alanine-dipeptide generator's flow (the default
 * preset's spline blocks and mixed coordinate layer, fitted on a short vacuum MD run), timed per phase: the loss
 * alone, loss plus backward, and the whole step (gradient norm and Adam included). The same phases are timed for the
 * spline stack alone on the batch's latent coordinates ({@code flow_*}), the part {@code bench/train_step_torch.py}
 * rebuilds in PyTorch; the {@code domains} line gives that script the latent layout. Phases run in rounds, one after
 * the other, and each phase's fastest round is printed as {@code phase ms_per_step}, the slowest as
 * {@code phase_max}, and the fastest round's CPU time of the timing thread as {@code phase_cpu}: with one engine
 * thread every array operation runs on that thread, so on a machine shared with other work the CPU time is the
 * steadier measure.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time one alanine-dipeptide forward-KL training step per phase (compare with "
                + "bench/train_step_torch.py).")
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "1", description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps per phase and round "
            + "(default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds over all phases (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--batch", defaultValue = "1024", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (steps < 1 || rounds < 1 || warmup < 0 || batch < 1) {
            throw new IllegalArgumentException("--steps, --rounds and --batch must be >= 1, --warmup >= 0");
        }
        BoltzflowCommand.startEngine(threads);
        PrintWriter out = spec.commandLine().getOut();
        RunConfig config = RunConfig.preset("default");
        AmberForceField forceField = AmberForceField.create(PrmtopReader.read(GeneratorJob.dataFile(config.prmtop())),
                Solvent.VACUUM);
        double[] start = PdbFile.read(GeneratorJob.dataFile(config.startCoordinates())).trajectory().frame(0);
        Trajectory md = new ReferenceMd(new ThermodynamicState(forceField, config.temperature()),
                forceField.topology().masses(), new ReferenceMd.Settings(2, 500, 4_000, 20, 0.001, 1.0), 3L)
                .run(start, 2, s -> {});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray frames = manager.create(md.flatten(), new Shape(md.frameCount(), 3L * md.atomCount()));
            NormalizingFlow flow = GeneratorFlow.build(manager, forceField.topology(), frames, config.flow(), 1L);
            NDArray data = batch(manager, md, batch, 4L);
            List<FlowLayer> layers = flow.layers();
            FlowLayer coordinates = layers.get(layers.size() - 1);
            NDArray latent = coordinates.inverse(data).value();
            NormalizingFlow splines = new NormalizingFlow(flow.base(), layers.subList(0, layers.size() - 1));
            out.println("threads " + ai.djl.pytorch.jni.JniUtils.getNumThreads());
            out.println("domains " + layout(((MixedCoordinateTransform) coordinates).domains()));
            Phases phases = new Phases();
            phases.add("forward", forward(() -> flow.forwardKld(data)));
            phases.add("forward_backward", forwardBackward(() -> flow.forwardKld(data)));
            phases.add("step", step(flow, () -> flow.forwardKld(data)));
            phases.add("flow_forward", forward(() -> splines.forwardKld(latent)));
            phases.add("flow_forward_backward", forwardBackward(() -> splines.forwardKld(latent)));
            phases.add("flow_step", step(splines, () -> splines.forwardKld(latent)));
            phases.run(out);
        }
        return 0;
    }

    /** The latent layout as one letter per coordinate: U unbounded, B bounded, C circular, then the bound. */
    private static String layout(List<Domain> domains) {
        String kinds = domains.stream().map(d -> d.kind().name().substring(0, 1)).collect(Collectors.joining());
        return kinds + " " + domains.get(0).high();
    }

    private static NDArray batch(NDManager manager, Trajectory md, int size, long seed) {
        double[] all = md.flatten();
        int frame = 3 * md.atomCount();
        SplittableRandom random = new SplittableRandom(seed);
        double[] rows = new double[size * frame];
        for (int i = 0; i < size; i++) {
            System.arraycopy(all, random.nextInt(md.frameCount()) * frame, rows, i * frame, frame);
        }
        return manager.create(rows, new Shape(size, frame));
    }

    private static Runnable forward(Supplier<NDArray> loss) {
        return () -> {
            try (NDScope scope = new NDScope();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                scope.suppressNotUsedWarning();
                loss.get().getDouble();
            }
        };
    }

    private static Runnable forwardBackward(Supplier<NDArray> loss) {
        return () -> {
            try (NDScope scope = new NDScope();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                scope.suppressNotUsedWarning();
                collector.backward(loss.get());
            }
        };
    }

    private static Runnable step(NormalizingFlow flow, Supplier<NDArray> loss) {
        Trainer trainer = Trainer.builder(flow).learningRate(ai.djl.training.tracker.Tracker.fixed(1e-5f))
                .maxGradNorm(100).build();
        long[] step = {0};
        return () -> trainer.step((m, s, seed) -> loss.get(), step[0]++, 0L);
    }

    /** Named phases timed in rounds; keeps each phase's fastest and slowest round. */
    private final class Phases {
        private final java.util.LinkedHashMap<String, Runnable> work = new java.util.LinkedHashMap<>();

        void add(String name, Runnable phase) {
            work.put(name, phase);
        }

        void run(PrintWriter out) {
            java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.Map<String, double[]> times = new java.util.LinkedHashMap<>();
            java.util.Map<String, double[]> cpu = new java.util.LinkedHashMap<>();
            work.forEach((name, phase) -> {
                for (int i = 0; i < warmup; i++) {
                    phase.run();
                }
                times.put(name, new double[rounds]);
                cpu.put(name, new double[rounds]);
            });
            for (int r = 0; r < rounds; r++) {
                for (var e : work.entrySet()) {
                    long t0 = System.nanoTime();
                    long c0 = clock.getCurrentThreadCpuTime();
                    for (int i = 0; i < steps; i++) {
                        e.getValue().run();
                    }
                    cpu.get(e.getKey())[r] = (clock.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
                    times.get(e.getKey())[r] = (System.nanoTime() - t0) / 1e6 / steps;
                }
            }
            times.forEach((name, t) -> out.printf("%s %.4f%n", name, Arrays.stream(t).min().orElseThrow()));
            times.forEach((name, t) -> out.printf("%s_max %.4f%n", name, Arrays.stream(t).max().orElseThrow()));
            cpu.forEach((name, t) -> out.printf("%s_cpu %.4f%n", name, Arrays.stream(t).min().orElseThrow()));
            out.flush();
        }
    }
}
