package org.boltzflow.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.boltzflow.examples.FlowModels;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code boltzflow bench flows}: times one forward-KL training step of a RealNVP (by default 60 dimensions,
 * 5 coupling blocks with 3 hidden layers of 128, batch 256, float64, Adam) on a fixed batch, and, to show what
 * dominates, the forward pass alone and forward plus backward. {@code bench/run_flows.sh} runs the same model in
 * PyTorch ({@code bench/flows_step_torch.py}) at the same thread count and prints the ratio. Prints one line per
 * phase, {@code phase ms_per_step}, then the CPU time of the timing thread, {@code phase_cpu ms_per_step}: with one
 * engine thread every array operation runs on that thread, so on a shared machine it is the steadier measure.
 */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "Time one RealNVP forward-KL training step (compare with bench/flows_step_torch.py).")
final class BenchFlowsCommand implements Callable<Integer> {
    @Option(names = "--threads", converter = OptionValues.PositiveInt.class,
            defaultValue = "1", description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class,
            defaultValue = "200", description = "Timed steps per phase (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", converter = OptionValues.NonNegativeInt.class,
            defaultValue = "20", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--dim", converter = OptionValues.PositiveInt.class,
            defaultValue = "60", description = "Dimensions (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--blocks", converter = OptionValues.PositiveInt.class,
            defaultValue = "5", description = "Coupling blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--hidden", converter = OptionValues.PositiveInt.class, defaultValue = "128,128,128", split = ",",
            description = "Hidden widths of each coupling MLP (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--batch", converter = OptionValues.PositiveInt.class,
            defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BoltzflowCommand.startEngine(threads);
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = FlowModels.realNvp(manager, dim, blocks, hidden, Activation.RELU, DataType.FLOAT64,
                    1L);
            NDArray data = Rng.normal(manager, new Shape(batch, dim), DataType.FLOAT64, 2L);
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.fixed(1e-4f)).build();
            out.println("threads " + ai.djl.pytorch.jni.JniUtils.getNumThreads());
            java.util.Map<String, Double> cpu = new java.util.LinkedHashMap<>();
            out.printf("forward %.4f%n", time("forward", cpu, () -> {
                try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance()
                        .newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    flow.forwardKld(data).getDouble();
                }
            }));
            out.printf("forward_backward %.4f%n", time("forward_backward", cpu, () -> {
                try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance()
                        .newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    collector.backward(flow.forwardKld(data));
                }
            }));
            long[] step = {0};
            out.printf("step %.4f%n", time("step", cpu, () -> trainer.step((m, s, seed) -> flow.forwardKld(data),
                    step[0]++, 0L)));
            cpu.forEach((phase, ms) -> out.printf("%s_cpu %.4f%n", phase, ms));
            out.flush();
        }
        return 0;
    }

    /** Wall milliseconds per step of {@code work}; its thread-CPU milliseconds per step go to {@code cpu}. */
    private double time(String phase, java.util.Map<String, Double> cpu, Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long startCpu = clock.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) {
            work.run();
        }
        cpu.put(phase, (clock.getCurrentThreadCpuTime() - startCpu) / 1e6 / steps);
        return (System.nanoTime() - start) / 1e6 / steps;
    }
}
