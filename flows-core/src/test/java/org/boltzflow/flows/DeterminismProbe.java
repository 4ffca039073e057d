package org.boltzflow.flows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.distributions.GaussianMixture;
import org.boltzflow.flows.distributions.VonMises;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.TwoMoons;
import org.boltzflow.flows.training.Trainer;

/**
 * Run in a fresh JVM by {@link ThreadCountDeterminismTest} with the engine's thread count as its argument: prints
 * seeded samples and log-densities of bases and targets, and a RealNVP's log-densities after a few seeded training
 * steps, one labelled line of numbers each, after a first line with the engine's actual thread count.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    public static void main(String[] args) {
        Engines.init(Integer.parseInt(args[0]));
        try (NDManager manager = NDManager.newBaseManager()) {
            System.out.println("threads " + ai.djl.pytorch.jni.JniUtils.getNumThreads());
            print("twoMoons", new TwoMoons().sample(manager, 64, 1L).x().toDoubleArray());
            VonMises vm = new VonMises(manager, 3, 2.0, false, DataType.FLOAT64);
            print("vonMises", vm.sample(manager, 64, 2L).x().toDoubleArray());
            GaussianMixture gm = GaussianMixture.random(manager, 4, 3, true, DataType.FLOAT64, 3L);
            print("mixture", gm.sample(manager, 64, 4L).logProb().toDoubleArray());
            List<FlowLayer> layers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), new int[] {64, 64},
                        Activation.TANH, 2.0, DataType.FLOAT64, Rng.derive(5L, i)));
            }
            NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 2, true, DataType.FLOAT64), layers);
            TwoMoons target = new TwoMoons();
            Trainer.builder(flow).learningRate(Tracker.fixed(1e-2f)).build()
                    .fit((m, step, seed) -> flow.forwardKld(target.sample(m, 256, seed).x()), 0, 5, 6L, r -> {});
            print("flowSample", flow.sample(manager, 64, 7L).x().toDoubleArray());
            print("flowLogProb", flow.logProb(target.sample(manager, 64, 8L).x()).toDoubleArray());
        }
    }

    private static void print(String label, double[] values) {
        StringBuilder line = new StringBuilder(label);
        for (double v : values) {
            line.append(' ').append(Double.toHexString(v));
        }
        System.out.println(line);
    }
}
