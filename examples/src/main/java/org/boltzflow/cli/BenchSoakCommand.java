package org.boltzflow.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.boltzflow.examples.FlowModels;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.ManyWell;
import org.boltzflow.flows.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow bench soak}: memory over a long run. Trains a RealNVP by reverse KL on the many-well target for
 * {@code --train-steps} steps, then draws {@code --samples} samples in batches, and prints the resident set size
 * (from {@code /proc/self/status}) and the Java heap (in use, committed) every {@code --every} training steps and
 * {@code --sample-every} sampling batches, as CSV.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Resident memory (RSS) over a long training run and a long sampling run, as CSV.")
final class BenchSoakCommand implements Callable<Integer> {
    @Option(names = "--dim", converter = OptionValues.PositiveInt.class, defaultValue = "32",
            description = "Dimensions of the many-well target (even; default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--blocks", converter = OptionValues.PositiveInt.class, defaultValue = "4",
            description = "Coupling blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--hidden", converter = OptionValues.PositiveInt.class, defaultValue = "64",
            description = "Width of the two hidden layers (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch", converter = OptionValues.PositiveInt.class, defaultValue = "128",
            description = "Training batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--train-steps", converter = OptionValues.NonNegativeInt.class, defaultValue = "20000",
            description = "Training steps (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--samples", converter = OptionValues.NonNegativeInt.class, defaultValue = "1000000",
            description = "Samples drawn after training (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sample-batch", converter = OptionValues.PositiveInt.class, defaultValue = "1000",
            description = "Samples per sampling step (default: ${DEFAULT-VALUE}).")
    int sampleBatch;

    @Option(names = "--every", converter = OptionValues.PositiveInt.class, defaultValue = "1000",
            description = "Record memory every this many training steps (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--sample-every", converter = OptionValues.PositiveInt.class, defaultValue = "50",
            description = "Record memory every this many sampling steps (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class, defaultValue = "1",
            description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BoltzflowCommand.startEngine(threads);
        PrintWriter out = spec.commandLine().getOut();
        out.println("phase,step,seconds,rss_mib,heap_used_mib,heap_committed_mib,value");
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowModels.realNvp(manager, dim, blocks, new int[] {hidden, hidden},
                    Activation.RELU, DataType.FLOAT64, 1L);
            ManyWell target = new ManyWell(dim);
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.fixed(1e-4f)).maxGradNorm(100).build();
            record(out, "train", 0, start, Double.NaN);
            for (int step = 0; step < trainSteps; step++) {
                double loss = trainer.step((m, s, seed) -> flow.reverseKld(m, batch, target, 1.0, seed), step, step)
                        .loss();
                if ((step + 1) % every == 0) {
                    record(out, "train", step + 1, start, loss);
                }
            }
            int batches = (samples + sampleBatch - 1) / sampleBatch;
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                // the scope also frees temporaries that operations with parameters attach to the model's manager;
                // (a sub-manager alone does not)
                try (NDScope scope = new NDScope(); NDManager scratch = manager.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    Sample drawn = flow.sample(scratch, Math.min(sampleBatch, samples - b * sampleBatch), 1000L + b);
                    sum += drawn.logProb().sum().getDouble();
                }
                if ((b + 1) % sampleEvery == 0) {
                    record(out, "sample", b + 1, start, sum / ((b + 1.0) * sampleBatch));
                }
            }
        }
        return 0;
    }

    /**
     * One CSV row. A full GC runs first: DJL hands out values through direct buffers that are freed when the
     * garbage collector finds them, so without it native memory held only by garbage would look like a leak.
     */
    private static void record(PrintWriter out, String phase, long step, long start, double value)
            throws IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f,%.1f,%.6g%n", phase, step, (System.nanoTime() - start) * 1e-9,
                residentMib(), (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.totalMemory() / 1048576.0, value);
        out.flush();
    }

    /** The resident set size of this process in MiB, from {@code /proc/self/status} (NaN elsewhere). */
    private static double residentMib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
